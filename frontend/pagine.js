// Loaded by every page (base.html): the Bootstrap Italia behaviours our templates use, and ours.
// Each plugin registers its data API when imported; naming them keeps the bundler from dropping
// them (Bootstrap Italia's package.json declares its plugins free of side effects).
import TrackFocus from "bootstrap-italia/dist/plugins/track-focus.js"; // focus ring for keyboard users only
import NavBarCollapsible from "bootstrap-italia/dist/plugins/navbar-collapsible.js"; // the header menu on phones
import Input from "bootstrap-italia/dist/plugins/input.js"; // form labels that move above a filled field
import Dropdown from "bootstrap-italia/dist/plugins/dropdown.js"; // the header's account menu
import Collapse from "bootstrap-italia/dist/plugins/collapse.js"; // the lists' filters folded on phones
import { aggiungiAlFormset, applicaLarghezze, contaCaratteri, etichettaCelle, fuocoSulRiepilogoErrori, inviaAlCambio, mostraSe } from "./moduli.js";

window.bootstrap = { TrackFocus, NavBarCollapsible, Input, Dropdown, Collapse };

applicaLarghezze(document);
inviaAlCambio(document);
fuocoSulRiepilogoErrori(document);
etichettaCelle(document);
contaCaratteri(document);
mostraSe(document);
aggiungiAlFormset(document);
