// Counter pages with a time series (dashboard, region page): the parts of Chart.js a filled line
// chart with legend and tooltips needs, as the global `Chart` that contatori/cruscotto.js uses.
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

Chart.register(CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
window.Chart = Chart;
