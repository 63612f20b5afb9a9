import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { HomefinderError, MatchRequestSchema, ValidationError } from '../../domain/index.js';
import { requireChildAuthority } from '../auth/permissions.js';
import type { MatchService } from '../services/match-service.js';
import type { JobKind } from './job-runner.js';

/**
 * `match_batch`: many match requests as one job (e.g. every referral of a morning). Each request is
 * validated at submission; each result is a recorded recommendation (retrievable at
 * `GET /v1/recommendations/{requestId}`), summarised here by its top candidates. The event loop is yielded
 * between requests so interactive traffic is not starved.
 *
 * @example
 * runner.register(matchBatchKind(matchService, 2000));
 * // POST /v1/jobs { "kind": "match_batch", "input": { "requests": [{ "child": {...} }, ...] } }
 */
export function matchBatchKind(service: MatchService, maxRequests: number): JobKind<{ requests: z.infer<typeof MatchRequestSchema>[]; summaryTop: number }> {
  const input = z
    .strictObject({
      requests: z.array(MatchRequestSchema).min(1).max(maxRequests),
      /** Candidates listed per request in the job result (the full response is stored). */
      summaryTop: z.number().int().min(0).max(50).default(3),
    })
    .meta({ id: 'MatchBatchInput' });
  return {
    kind: 'match_batch',
    description: 'Match many children or sibling groups; each result is a recorded recommendation.',
    input,
    roles: ['placement_officer'],
    authorize({ requests }, actor) {
      requests.forEach((r, i) => {
        const children = r.child ? [r.child] : (r.siblingGroup?.children ?? []);
        children.forEach((c) => requireChildAuthority(actor, c.placingAuthority, `input.requests[${i}] placingAuthority`));
      });
    },
    async run({ requests, summaryTop }, ctx) {
      const results: unknown[] = [];
      let failed = 0;
      for (let i = 0; i < requests.length; i++) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        try {
          const { response, record } = await service.run(requests[i]!, ctx.actor, `${ctx.jobId}.${i + 1}`);
          results.push({
            index: i,
            requestId: response.requestId,
            subject: response.subject,
            counts: response.counts,
            top: response.ranked.slice(0, summaryTop).map((c) => ({ rank: c.rank, homeId: c.homeId, total: c.explanation.total })),
            auditSeq: record.auditSeq,
          });
        } catch (e) {
          if (!(e instanceof HomefinderError)) throw e;
          failed += 1;
          results.push({ index: i, error: { code: e.code, status: e.status, detail: e.message, problems: e instanceof ValidationError ? e.problems : [] } });
        }
        ctx.progress((i + 1) / requests.length, `${i + 1} of ${requests.length} matched`);
        await yieldToEventLoop();
      }
      return { matched: requests.length - failed, failed, results };
    },
  };
}
