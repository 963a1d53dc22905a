import { describeError, isRetriable, PlatformError } from '@churn/core';
import { createEvent, topicOf, type EventPayload, type EventType, type TypedEvent } from '@churn/contracts';
import type { Prisma } from '@churn/database';
import { eventLogger, type Logger } from '@churn/logging';
import type { ServiceContext } from './service-definition';

type WithoutStats<T> = Omit<T, 'stats'>;

/** What a stage handler returns: the payload of its completion event, less the stats the runner measures. */
export interface StageResult<Out extends EventType> {
  payload: WithoutStats<EventPayload<Out>>;
  rowsIn: number;
  rowsOut: number;
}

/**
 * What a stage handler returns when the data itself stops the run (e.g. a
 * failed error-level quality check): the payload of the halt event, and why.
 * Unlike a thrown error this is an outcome, not a fault: nothing is retried or
 * dead-lettered, the stage and the run are marked failed with the reason.
 */
export interface StageHalt<Halt extends EventType> {
  halt: { payload: WithoutStats<EventPayload<Halt>>; reason: { code: string; message: string } };
  rowsIn: number;
  rowsOut: number;
}

export interface StageSubscription<In extends EventType, Out extends EventType, Halt extends EventType = never> {
  stage: string;
  consumes: In;
  produces: Out;
  /** The event a halted run publishes instead of `produces`. */
  halts?: Halt;
  handle: (event: TypedEvent<In>, log: Logger) => Promise<StageResult<Out> | StageHalt<Halt>>;
  /** The last stage of a pipeline run marks the run succeeded. */
  finalStage?: boolean;
}

/**
 * Subscribes a stage to its input event with the platform's one consumer shape:
 * a child logger naming run and event, a stage-run row per (run, stage) so a
 * redelivered event re-announces the stored result instead of redoing the work,
 * stats measured here, and a `stage.failed` event once the bus gives up.
 */
export async function subscribeStage<In extends EventType, Out extends EventType, Halt extends EventType = never>(
  ctx: ServiceContext,
  subscription: StageSubscription<In, Out, Halt>,
): Promise<void> {
  const { stage, consumes, produces } = subscription;
  const prisma = ctx.db.prisma;
  await ctx.bus.subscribe({
    group: `churn-${stage}`,
    topics: [topicOf(consumes)],
    handler: async (raw, delivery) => {
      const event = raw as TypedEvent<In>;
      const log = eventLogger(ctx.logger, event).child({ stage, attempt: delivery.attempt });
      const stopTimer = ctx.metrics.eventDuration.startTimer({ type: event.type });
      const key = { runId_stage: { runId: event.runId, stage } };

      const previous = await prisma.stageRun.findUnique({ where: key });
      // Succeeded, or halted by its data: both are final and stored their event (a crashed attempt stored none).
      if ((previous?.status === 'succeeded' || previous?.status === 'failed') && previous.output) {
        const announced = previous.output as unknown as TypedEvent;
        log.info({ previousEventId: previous.eventId }, 'stage already done for this run; re-announcing its result');
        await ctx.bus.publish(topicOf(announced.type), announced);
        ctx.metrics.eventsHandled.inc({ type: event.type, outcome: 'duplicate' });
        return;
      }

      await prisma.pipelineRun.upsert({
        where: { id: event.runId },
        create: { id: event.runId, status: 'running', trigger: triggerOf(event) },
        update: {},
      });
      await prisma.stageRun.upsert({
        where: key,
        create: { runId: event.runId, stage, status: 'running', eventId: event.id },
        update: { status: 'running', eventId: event.id, error: undefined, startedAt: new Date() },
      });

      const started = Date.now();
      log.info('stage started');
      try {
        assertSameProject(ctx, event);
        const result = await subscription.handle(event, log);
        if ('halt' in result) {
          await recordHalt(ctx, { stage, halts: subscription.halts }, event, result, Date.now() - started, log);
          return;
        }
        const durationMs = Date.now() - started;
        const stats = { rowsIn: result.rowsIn, rowsOut: result.rowsOut, durationMs };
        const payload = { ...result.payload, stats } as EventPayload<Out>;
        const completion = createEvent(produces, payload, { runId: event.runId, producer: stage, project: projectRef(ctx) });
        await prisma.$transaction([
          prisma.stageRun.update({
            where: key,
            data: {
              status: 'succeeded',
              rowsIn: stats.rowsIn,
              rowsOut: stats.rowsOut,
              durationMs,
              finishedAt: new Date(),
              output: completion as unknown as Prisma.InputJsonValue,
            },
          }),
          ...(subscription.finalStage
            ? [prisma.pipelineRun.update({ where: { id: event.runId }, data: { status: 'succeeded', finishedAt: new Date() } })]
            : []),
        ]);
        await ctx.bus.publish(topicOf(produces), completion);
        ctx.metrics.rowsProcessed.inc({ direction: 'in' }, stats.rowsIn);
        ctx.metrics.rowsProcessed.inc({ direction: 'out' }, stats.rowsOut);
        ctx.metrics.stageRuns.inc({ outcome: 'succeeded' });
        ctx.metrics.eventsHandled.inc({ type: event.type, outcome: 'succeeded' });
        log.info({ ...stats, produced: completion.id }, 'stage succeeded');
      } catch (err) {
        const finalAttempt = !isRetriable(err) || delivery.attempt >= ctx.config.BUS_RETRY_ATTEMPTS;
        log.error({ err, finalAttempt }, 'stage attempt failed');
        ctx.metrics.eventsHandled.inc({ type: event.type, outcome: 'failed' });
        if (finalAttempt) await recordFailure(ctx, stage, event, err, Date.now() - started);
        throw err;
      } finally {
        stopTimer();
      }
    },
  });
}

async function recordHalt<Halt extends EventType>(
  ctx: ServiceContext,
  subscription: { stage: string; halts: Halt | undefined },
  event: TypedEvent,
  result: StageHalt<Halt>,
  durationMs: number,
  log: Logger,
): Promise<void> {
  const { stage, halts } = subscription;
  if (!halts) throw new Error(`stage ${stage} returned a halt but declares no halt event`);
  const prisma = ctx.db.prisma;
  const stats = { rowsIn: result.rowsIn, rowsOut: result.rowsOut, durationMs };
  const halted = createEvent(halts, { ...result.halt.payload, stats } as EventPayload<Halt>, { runId: event.runId, producer: stage, project: projectRef(ctx) });
  await prisma.$transaction([
    prisma.stageRun.update({
      where: { runId_stage: { runId: event.runId, stage } },
      data: {
        status: 'failed',
        rowsIn: stats.rowsIn,
        rowsOut: stats.rowsOut,
        durationMs,
        finishedAt: new Date(),
        error: result.halt.reason,
        output: halted as unknown as Prisma.InputJsonValue,
      },
    }),
    prisma.pipelineRun.update({ where: { id: event.runId }, data: { status: 'failed', finishedAt: new Date() } }),
  ]);
  await ctx.bus.publish(topicOf(halts), halted);
  ctx.metrics.stageRuns.inc({ outcome: 'halted' });
  ctx.metrics.eventsHandled.inc({ type: event.type, outcome: 'halted' });
  log.warn({ ...stats, reason: result.halt.reason, produced: halted.id }, 'stage halted the run');
}

async function recordFailure(ctx: ServiceContext, stage: string, event: TypedEvent, err: unknown, durationMs: number) {
  const error = describeError(err);
  const prisma = ctx.db.prisma;
  await prisma.stageRun.update({
    where: { runId_stage: { runId: event.runId, stage } },
    data: { status: 'failed', error: { code: error.code, message: error.message }, finishedAt: new Date(), durationMs },
  });
  await prisma.pipelineRun.update({ where: { id: event.runId }, data: { status: 'failed', finishedAt: new Date() } });
  ctx.metrics.stageRuns.inc({ outcome: 'failed' });
  await ctx.bus.publish(
    topicOf('stage.failed'),
    createEvent('stage.failed', { stage, causeEventId: event.id, error: { code: error.code, message: error.message } }, {
      runId: event.runId,
      producer: stage,
      project: projectRef(ctx),
    }),
  );
}

/**
 * A run is made with one version of the project's declarations: an event stamped with another version than this
 * service loaded fails the stage (CHURN_PROJECT_VERSION_MISMATCH) instead of mixing two sets of declarations.
 */
function assertSameProject(ctx: Pick<ServiceContext, 'project'>, event: TypedEvent): void {
  const mine = projectRef(ctx);
  if (!event.project || (event.project.name === mine.name && event.project.version === mine.version)) return;
  throw new PlatformError(
    'CHURN_PROJECT_VERSION_MISMATCH',
    `run ${event.runId} uses project ${event.project.name}@${event.project.version}, this service loaded ${mine.name}@${mine.version}: run every service on the same PROJECT_DIR and start a new run`,
    { retriable: false, context: { event: event.project, service: mine } },
  );
}

/** The project stamped on every event a stage publishes. */
export function projectRef(ctx: Pick<ServiceContext, 'project'>): { name: string; version: string } {
  return { name: ctx.project.manifest.name, version: ctx.project.version };
}

function triggerOf(event: TypedEvent): string {
  return event.type === 'pipeline.run-requested' ? (event as TypedEvent<'pipeline.run-requested'>).payload.trigger : 'event';
}
