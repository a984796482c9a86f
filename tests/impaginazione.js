// What the accessibility sweep (tests/test_accessibility.py) checks of the layout of every page, at 390 and
// 1280 px (issue #20): no page wider than the window, nothing of the header off-screen or not fitting
// its box, the identity on one line from 992 px. Returns the problems found, in Italian, naming the element.
async () => {
  // After a change of the window's size: the charts redraw on the next frames (ResizeObserver).
  for (let i = 0; i < 3; i++) await new Promise(fatto => requestAnimationFrame(fatto));
  const larghezza = window.innerWidth;
  const descrivi = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    else if (el.classList.length) s += "." + [...el.classList].slice(0, 3).join(".");
    const testo = (el.innerText || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return testo ? `${s} «${testo}»` : s;
  };
  const visibile = el => {
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none") return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // Inside a box that scrolls or clips, an element does not widen the page; an absolutely positioned
  // one escapes every box up to its containing block (the nearest positioned ancestor).
  const dentroScorrevole = el => {
    let assoluto = getComputedStyle(el).position;
    if (assoluto === "fixed") return true;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (assoluto === "absolute" && st.position === "static") continue;
      if (st.overflowX !== "visible") return true;
      if (st.position === "fixed") return true;
      assoluto = st.position === "static" || st.position === "relative" || st.position === "sticky" ? "" : st.position;
    }
    return false;
  };
  const problemi = [];
  const documento = document.documentElement.scrollWidth;
  if (documento > larghezza) {
    let destra = larghezza, piuLargo = null;
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > destra + 0.5 && visibile(el) && !dentroScorrevole(el)) { destra = r.right; piuLargo = el; }
    }
    problemi.push(`la pagina è larga ${documento} px in una finestra di ${larghezza} px; l'elemento più largo: ${piuLargo ? descrivi(piuLargo) + " fino a " + Math.round(destra) + " px" : "?"}`);
  }
  const header = document.querySelector("body > header");
  if (header) {
    const nascosto = el => el.closest(".visually-hidden, .visually-hidden-focusable") || (larghezza < 992 && el.closest(".navbar-collapsable:not(.expanded)"));
    for (const el of header.querySelectorAll("*")) {
      if (!visibile(el) || nascosto(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > larghezza + 1 || r.left < -1) problemi.push(`intestazione: ${descrivi(el)} esce dalla finestra (${Math.round(r.left)}–${Math.round(r.right)} px)`);
      // A box whose content does not fit (clipped, or spilling under the next part of the header; a
      // title's glyphs past a tight line height are a few pixels, a line of text is more).
      if (el.clientWidth > 0 && !["SELECT", "INPUT", "svg", "use"].includes(el.tagName) && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 8)) {
        problemi.push(`intestazione: il contenuto di ${descrivi(el)} non ci sta (${el.scrollWidth}×${el.scrollHeight} px in ${el.clientWidth}×${el.clientHeight})`);
      }
    }
    const utente = header.querySelector("[data-testid=utente]");
    if (utente && visibile(utente) && larghezza >= 992) {
      const intervallo = document.createRange();
      intervallo.selectNodeContents(utente);
      const st = getComputedStyle(utente);
      const riga = parseFloat(st.lineHeight) || parseFloat(st.fontSize) * 1.6;
      if (intervallo.getBoundingClientRect().height > riga * 1.5) problemi.push(`intestazione: l'identità «${utente.innerText.trim().replace(/\s+/g, " ")}» va a capo`);
    }
  }
  return problemi;
}
