/**
 * The platform's HTTP routes, as one handler in Probot's `addHandler` shape (answers what it owns, returns
 * false for anything else so the next handler gets it):
 *
 *   POST /ml-footprint/submissions                 a signed submission (receive.ts)
 *   GET  /ml-footprint/submissions/:id             its status and latest report (bearer token)
 *   GET  /ml-footprint/venues/:venue/report.csv    one row per submission of a venue (bearer token)
 *   GET  /ml-footprint/venues/:venue/report.html   the venue's survey report: disclosure, footprints, plots (bearer token)
 *
 * Venue ids contain slashes: the `:venue` segment is percent-encoded (NeurIPS.cc%2F2026%2FConference).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { authorizeBearer, mayRead, type ReadToken } from "../auth/bearer.js";
import { renderSurveyReport, SURVEY_REPORT_CSP } from "../../../survey/report/index.js";
import { submissionView, venueCsv } from "../report.js";
import { venueSurvey } from "../venue-survey.js";
import { receiveSubmission, type ReceiverDependencies } from "./receive.js";
import { sendError, sendJson } from "./respond.js";

export interface RouterDependencies extends ReceiverDependencies {
  readTokens: readonly ReadToken[];
}

const UNAUTHORIZED = { "www-authenticate": 'Bearer realm="ml-footprint"' };

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * @example
 * options.addHandler(platformHttpHandler(deps));
 */
export function platformHttpHandler(deps: RouterDependencies) {
  const base = deps.settings.basePath;
  const submissions = `${base}/submissions`;
  const venues = `${base}/venues/`;

  const authorize = (req: IncomingMessage, res: ServerResponse) => {
    const scope = authorizeBearer(req.headers.authorization, deps.readTokens);
    if (!scope)
      sendError(
        res,
        401,
        "unauthorized",
        "Send Authorization: Bearer <token>.",
        {},
        { headers: UNAUTHORIZED },
      );
    return scope;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (path !== submissions && !path.startsWith(`${submissions}/`) && !path.startsWith(venues)) return false;

    if (path === submissions) {
      if (req.method !== "POST") {
        // Any body is left unread: the connection closes after the answer.
        sendError(
          res,
          405,
          "method_not_allowed",
          "POST a submission here.",
          {},
          { close: true, headers: { allow: "POST" } },
        );
        return true;
      }
      await receiveSubmission(req, res, deps);
      return true;
    }

    const submissionMatch = /^\/([^/]+)$/.exec(path.slice(submissions.length));
    const venueMatch = /^([^/]+)\/report\.(csv|html)$/.exec(path.slice(venues.length));
    if (!(path.startsWith(`${submissions}/`) && submissionMatch) && !(path.startsWith(venues) && venueMatch))
      return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(
        res,
        405,
        "method_not_allowed",
        "Only GET here.",
        {},
        { close: true, headers: { allow: "GET, HEAD" } },
      );
      return true;
    }
    const scope = authorize(req, res);
    if (!scope) return true;

    if (path.startsWith(`${submissions}/`) && submissionMatch) {
      const record = deps.store.get(decodeSegment(submissionMatch[1]!) ?? "");
      // Out of the token's scope looks the same as absent: a venue's token learns nothing of other venues.
      if (!record || !mayRead(scope, record.venue)) {
        sendError(res, 404, "not_found", "No such submission.");
        return true;
      }
      sendJson(res, 200, submissionView(record));
      return true;
    }

    const venue = decodeSegment(venueMatch![1]!);
    if (venue === null || !mayRead(scope, venue)) {
      sendError(res, 404, "not_found", "No such venue.");
      return true;
    }
    if (venueMatch![2] === "html") {
      await sendVenueReport(req, res, venue, deps);
      return true;
    }
    const csv = venueCsv(deps.store.listVenue(venue));
    res.writeHead(200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${venue.replace(/[^\w.-]+/g, "_")}-footprint.csv"`,
      "cache-control": "no-store",
      "content-length": String(Buffer.byteLength(csv)),
    });
    res.end(req.method === "HEAD" ? undefined : csv);
    return true;
  };
}

/**
 * The venue's survey report (the same page as `ml-footprint survey` writes), under the page's own
 * Content-Security-Policy: its inline styles and its one script by hash, nothing from the network, and no
 * framing. Titles and findings come from authors: the page escapes them, the policy is the second wall.
 */
async function sendVenueReport(
  req: IncomingMessage,
  res: ServerResponse,
  venue: string,
  deps: RouterDependencies,
): Promise<void> {
  const records = deps.store.listVenue(venue);
  // A venue is known by its configuration or by its submissions; a report of nothing about nobody is a 404.
  if (records.length === 0 && !deps.policy.venues.venues.some((v) => v.id === venue)) {
    sendError(res, 404, "not_found", "No such venue.");
    return;
  }
  let html: string;
  try {
    const { summary, papers } = venueSurvey(records, new Date(deps.now()));
    html = await renderSurveyReport(summary, papers);
  } catch (error) {
    deps.log.error({ err: error, venue }, "venue report failed");
    sendError(res, 500, "report_failed", "The venue report could not be rendered.");
    return;
  }
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `${SURVEY_REPORT_CSP}; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(html)),
  });
  res.end(req.method === "HEAD" ? undefined : html);
}
