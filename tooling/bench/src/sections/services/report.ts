// The services section's tables, charts and Targets figures, from its measurements.
import { chartLink, type NamedChart, type SectionOutput } from "../../harness/section.js";
import { median, ratio, type Summary } from "../../harness/stats.js";
import { formatNumber, formatRatio, formatSummary, markdownTable } from "../../report/format.js";
import { CONCURRENCY, type LoadSettings, type Transport, type Variant } from "./servers.js";

/** One case's figures over its rounds. */
export interface Measured {
  readonly transport: Transport;
  readonly variant: Variant;
  readonly route: "protected" | "unprotected";
  readonly perSecond: Summary;
  /** Requests per second of each round, in round order (for the paired ratios). */
  readonly rounds: readonly number[];
  /** ms */
  readonly p99: Summary;
  readonly failed: number;
}

const VARIANT_TEXT: Readonly<Record<Variant, string>> = { off: "ours, revocation off", on: "ours, revocation on", jose: "plain jose (reference)" };
const ROUTE_TEXT: Readonly<Record<Transport, Record<Measured["route"], string>>> = {
  express: { protected: "GET /me", unprotected: "GET /healthz" },
  koa: { protected: "GET /me", unprotected: "GET /healthz" },
  grpc: { protected: "GetMe", unprotected: "Health/Check" },
};

/**
 * protected / unprotected requests per second of one server, or NaN: the median of the rounds'
 * ratios. Both routes of a server run in every round, one after the other, so a burst of outside
 * load that spoils a round spoils both of its figures alike; a ratio of the two medians would pair
 * figures of different rounds.
 *
 * @example
 * ```ts
 * protectedRatio(measured, "koa", "on"); // 0.93
 * ```
 */
export function protectedRatio(measured: readonly Measured[], transport: Transport, variant: Variant): number {
  const find = (route: Measured["route"]) => measured.find((m) => m.transport === transport && m.variant === variant && m.route === route);
  const covered = find("protected")?.rounds ?? [];
  const open = find("unprotected")?.rounds ?? [];
  const ratios = covered.flatMap((value, i) => {
    const base = open[i];
    return base === undefined ? [] : [ratio(value, base)];
  });
  return ratios.length === 0 ? Number.NaN : median(ratios);
}

function transportTable(measured: readonly Measured[]): string {
  return markdownTable(
    [
      { title: "server" },
      { title: "route" },
      { title: "requests/s (median ± spread)", numeric: true },
      { title: "p99 ms", numeric: true },
      { title: "failed", numeric: true },
      { title: "protected / unprotected", numeric: true },
    ],
    measured.map((m) => [
      VARIANT_TEXT[m.variant],
      ROUTE_TEXT[m.transport][m.route],
      formatSummary(m.perSecond),
      formatNumber(m.p99.median),
      String(m.failed),
      m.route === "protected" ? formatRatio(protectedRatio(measured, m.transport, m.variant)) : "",
    ]),
  );
}

/**
 * Markdown, one chart per transport, and the figures `services.<transport>.<variant>.ratio`.
 *
 * @example
 * ```ts
 * const { markdown, charts, figures } = servicesReport(measured, settings, 1000);
 * ```
 */
export function servicesReport(measured: readonly Measured[], s: LoadSettings, revoked: number): Pick<SectionOutput, "markdown" | "charts" | "figures"> {
  const transports = [...new Set(measured.map((m) => m.transport))];
  const figures: Record<string, number> = {};
  const charts: NamedChart[] = [];
  const summary = markdownTable(
    [{ title: "transport" }, ...(["off", "on", "jose"] as const).map((v) => ({ title: VARIANT_TEXT[v], numeric: true }))],
    transports.map((t) => [t, ...(["off", "on", "jose"] as const).map((v) => formatRatio(protectedRatio(measured, t, v)))]),
  );
  const parts = [
    "The token (EdDSA, the issuer's default) is sent with every request, as a real client reuses it; " +
      `HTTP load: autocannon, ${String(CONCURRENCY)} keep-alive connections; gRPC load: a grpc-js client, ${String(CONCURRENCY)} calls in flight on one channel. ` +
      `${String(s.rounds)} interleaved rounds of ${String(s.roundMs / 1000)} s per case after ${String(s.warmupMs / 1000)} s of warm-up. ` +
      "Our services run their built `dist/main.js` with `LOG_LEVEL=info` and `NODE_ENV=production`: the request log (one JSON line per request, " +
      "written to /dev/null) is part of the cost. With revocation on, `REDIS_URL` points at a bench redis-server holding " +
      `${String(revoked)} user revocations (none of them this token's). The reference is jose's \`jwtVerify\` with a local JWKS behind a plain Bearer ` +
      "parse, with no request log, no cache and no revocation. " +
      "Processes on the 2 cores: the server under load and the load generator do the work; the other two servers of the transport, redis-server " +
      "(one blocking XREAD a second per replica) and the orchestrator sit idle.",
    "protected / unprotected requests per second (the share of the unprotected throughput left once every request is authenticated; " +
      "the median of the rounds' ratios, each round measuring both routes of a server back to back):",
    summary,
  ];
  for (const t of transports) {
    const own = measured.filter((m) => m.transport === t);
    for (const v of ["off", "on", "jose"] as const) figures[`services.${t}.${v}.ratio`] = protectedRatio(measured, t, v);
    for (const m of own) figures[`services.${t}.${m.variant}.${m.route}.rps`] = m.perSecond.median;
    const chart: NamedChart = {
      name: `services-${t}`,
      spec: {
        title: `${t}: requests per second, protected and unprotected routes`,
        unit: "requests/s",
        ratioTo: "the same server's unprotected route",
        bars: own.map((m) => ({
          label: `${VARIANT_TEXT[m.variant]}: ${ROUTE_TEXT[t][m.route]}`,
          value: m.perSecond.median,
          ratio: m.route === "protected" ? protectedRatio(measured, t, m.variant) : 1,
          accent: m.variant !== "jose",
        })),
      },
    };
    charts.push(chart);
    parts.push(`### ${t}`, transportTable(own), chartLink(chart));
  }
  return { markdown: parts.join("\n\n"), charts, figures };
}
