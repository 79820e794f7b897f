/** The platform's routes answer as the app's HTTP front does (one module: src/app/http/respond.ts). */
export { sendError, sendJson } from "../../http/respond.js";
