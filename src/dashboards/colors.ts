/** Colours as Grafana reads them: its named palette colours, or CSS hex / rgb / rgba / hsl. */
type Hue = "red" | "orange" | "yellow" | "green" | "blue" | "purple";
type Shade = "super-light-" | "light-" | "" | "semi-dark-" | "dark-";

export type NamedColor = `${Shade}${Hue}` | "text" | "transparent";
export type GrafanaColor =
  | NamedColor
  | `#${string}`
  | `rgb(${string})`
  | `rgba(${string})`
  | `hsl(${string})`
  | `hsla(${string})`;

const named =
  /^(?:(?:super-light-|light-|semi-dark-|dark-)?(?:red|orange|yellow|green|blue|purple)|text|transparent)$/;
const css = /^(?:#[0-9A-Fa-f]{3,8}|(?:rgb|rgba|hsl|hsla)\([^()]*\))$/;

export function isGrafanaColor(value: string): boolean {
  return named.test(value) || css.test(value);
}
