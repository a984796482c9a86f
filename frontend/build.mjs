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
    vivo: "frontend/vivo.js", // the counter pages that follow the data
    ricalcola: "frontend/ricalcola.js", // the national dashboard's "Ricalcola ora"
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

// The map of Italy (@svg-maps/italy, CC BY 4.0; the pages credit it under the map) with its
// coordinates rounded to whole units of its 610 x 793 viewBox, less than a pixel at the size the
// pages draw it: 15.2 KiB -> 4.5 KiB with Brotli. The package writes each region as subpaths of
// relative moves ("m x,y dx,dy ... z"); points are summed to absolute positions, rounded, repeats
// dropped, and written back as relative moves between the rounded points, so rounding never
// accumulates. Same region ids and viewBox as the package (contatori/italy_map.py reads those).
const mappa = readFileSync("node_modules/@svg-maps/italy/italy.svg", "utf8");
const viewBox = mappa.match(/viewBox="([^"]+)"/)[1];
const separato = (n, primo) => (primo || n < 0 ? "" : " ") + n;
const regioni = [...mappa.matchAll(/<path\s+id="([^"]+)"[^>]*?\sd="([^"]+)"/g)].map(([, id, d]) => {
  if (/[^mz\d\s,.eE+-]/i.test(d)) throw new Error(`mappa: la regione ${id} usa comandi SVG diversi da m e z`);
  let inizioX = 0, inizioY = 0; // where the current subpath started (absolute, as drawn by the package)
  let ultimoX = 0, ultimoY = 0; // the last point written (rounded)
  let scritto = "";
  for (const parte of d.trim().split(/\s*z\s*/i).filter(Boolean)) {
    const numeri = parte.replace(/^m\s*/i, "").trim().split(/[\s,]+/).map(Number);
    let x = inizioX, y = inizioY;
    const punti = [];
    for (let i = 0; i < numeri.length; i += 2) {
      x += numeri[i];
      y += numeri[i + 1];
      if (i === 0) { inizioX = x; inizioY = y; }
      const punto = [Math.round(x), Math.round(y)];
      const prima = punti[punti.length - 1];
      if (!prima || prima[0] !== punto[0] || prima[1] !== punto[1]) punti.push(punto);
    }
    if (punti.length < 3) continue; // an islet smaller than a unit
    scritto += "m";
    punti.forEach(([px, py], i) => {
      scritto += separato(px - ultimoX, i === 0) + separato(py - ultimoY, false);
      ultimoX = px;
      ultimoY = py;
    });
    scritto += "z";
    [ultimoX, ultimoY] = punti[0]; // "z" returns to the subpath's first point
  }
  return `<path id="${id}" d="${scritto}"/>`;
});
if (regioni.length !== 20) throw new Error(`mappa: attese 20 regioni, trovate ${regioni.length}`);
writeFileSync(
  `${USCITA}/italia.svg`,
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}"><!-- @svg-maps/italy (CC BY 4.0), coordinates rounded by frontend/build.mjs -->${regioni.join("")}</svg>\n`,
);
