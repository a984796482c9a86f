// Builds the front-end files Django serves from static/build/ (generated, not committed):
// `npm run build`, run by `make install` and by the Dockerfile's npm stage.
// Why a build: Bootstrap Italia's full JavaScript bundle weighs 290 KiB gzipped while our pages use
// three of its behaviours, and its CSS carries some fifty components we never show. The build keeps
// what the templates use: those behaviours, Bootstrap Italia's Sass without the unused components,
// Chart.js trimmed to the line chart of the counter pages, and the icons the templates name.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import * as sass from "sass";

const USCITA = "static/build";
const SCSS_BI = "node_modules/bootstrap-italia/src/scss";
// Bootstrap Italia components (src/scss/components, src/scss/forms) no template uses. A component
// that a template starts to use must leave this list (tests/test_frontend.py checks a sample).
const COMPONENTI_NON_USATI = [
  "accept-overlay", "accordion", "affix", "anchor", "avatar", "back-to-top", "bottomnav", "button-group",
  "calendar", "carousel", "chips", "cookiebar", "dimmer", "forward", "gridlist", "hero",
  "imgresponsive", "map", "modal", "navscroll", "navscrolltheme", "notifications", "offcanvas",
  "overlay-panel", "page-scroll", "placeholders", "point-list", "popover", "progress-donuts",
  "progress-spinners", "rating", "rating-list", "sections", "sidebar", "sidebarthemes", "steppers", "sticky",
  "thumbnav", "toasts", "toolbar", "tooltip", "videoplayer",
  "accessible-autocomplete", "autocomplete", "floating-labels", "form-input-number", "form-input-upload",
  "form-password", "form-range", "form-toggles", "form-transfer", "just-validate",
];
// Every `#it-…` icon a template uses (tests/test_frontend.py checks the list against the templates).
const ICONE = ["it-burger", "it-calendar", "it-check", "it-chevron-left", "it-chevron-right", "it-close-big", "it-warning-circle"];

await build({
  entryPoints: {
    pagine: "frontend/pagine.js",
    grafico: "frontend/grafico.js",
    avanzamento: "frontend/avanzamento.js",
    autocomplete: "frontend/autocomplete.js", // the form pages only
  },
  outdir: USCITA,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  banner: { js: "/* Built by frontend/build.mjs from Bootstrap Italia (BSD-3-Clause), Chart.js (MIT) and Tom Select (Apache-2.0). */" },
  logLevel: "warning",
});

// Bootstrap Italia's own entry point, in its order, without the unused components.
const entrata = readFileSync(`${SCSS_BI}/bootstrap-italia.scss`, "utf8")
  .split("\n")
  .filter((riga) => {
    const importato = riga.match(/^@import '(?:components|forms)\/([a-z0-9-]+)';/);
    return !(importato && COMPONENTI_NON_USATI.includes(importato[1]));
  })
  .join("\n");
const css = sass.compileString(entrata, {
  loadPaths: [SCSS_BI],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "mixed-decls"],
  logger: sass.Logger.silent,
});
mkdirSync(USCITA, { recursive: true });
writeFileSync(`${USCITA}/bootstrap-italia.css`, css.css);

// The comboboxes' style (frontend/autocomplete.scss), loaded with autocomplete.js on the form pages.
const cssAutocomplete = sass.compile("frontend/autocomplete.scss", {
  loadPaths: [SCSS_BI, "node_modules/tom-select/dist/scss"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "mixed-decls"],
  logger: sass.Logger.silent,
});
writeFileSync(`${USCITA}/autocomplete.css`, cssAutocomplete.css);

const sprite = readFileSync("node_modules/bootstrap-italia/dist/svg/sprites.svg", "utf8");
const simboli = ICONE.map((nome) => {
  const simbolo = sprite.match(new RegExp(`<symbol[^>]*id="${nome}"[\\s\\S]*?</symbol>`));
  if (!simbolo) throw new Error(`icona ${nome} assente da sprites.svg di Bootstrap Italia`);
  return simbolo[0];
});
writeFileSync(`${USCITA}/icone.svg`, `<svg xmlns="http://www.w3.org/2000/svg">${simboli.join("")}</svg>\n`);
