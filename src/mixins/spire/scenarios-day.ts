import type { Scenario } from "../../testing/scenario.js";
import type { SpireScenarioContext } from "./scenario-context.js";
export function spireHealthyDayScenarios(_ctx: SpireScenarioContext): Scenario[] {
  return [];
}
