package io.faas.examples.bench;

import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.FunctionExecutors;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * What the bubblewrap sandbox costs: a warm call through a sandboxed pool against an unsandboxed
 * one, and a cold start (a fresh worker per call, the {@code process} executor) sandboxed against
 * unsandboxed. Both sides run in the same run, alternating, so they see the same machine.
 */
final class SandboxScenario implements Scenario {

    private static final int BLOCK = 50;

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        FunctionVersion function = WorkerOverheadScenario.function(PoolVsProcessScenario.HANDLER);
        PythonSettings boxed = PythonSettings.builder().poolSize(1).minIdle(1)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.BUBBLEWRAP)).build();
        PythonSettings open = PythonSettings.builder(boxed)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.NONE)).build();
        List<Result> rows = new ArrayList<>();
        rows.add(warm(options, function, boxed, open));
        rows.addAll(cold(options, function, boxed, open));
        return rows;
    }

    private Result warm(RunOptions options, FunctionVersion function, PythonSettings boxed, PythonSettings open)
            throws Exception {
        int rounds = options.pick(5, 15);
        int calls = options.pick(1000, 2000);
        double[] ours = new double[rounds];
        double[] bare = new double[rounds];
        try (PythonExecutor sandboxed = FunctionExecutors.pythonPool(boxed);
             PythonExecutor unsandboxed = FunctionExecutors.pythonPool(open)) {
            sandboxed.start();
            unsandboxed.start();
            alternate(sandboxed, unsandboxed, function, options.pick(4000, 10000), 0, new double[2]);
            for (int r = 0; r < rounds; r++) {
                double[] both = new double[2];
                alternate(sandboxed, unsandboxed, function, calls, r, both);
                ours[r] = both[0];
                bare[r] = both[1];
            }
        }
        return Result.paired("sandbox.warm-call", "us", ours, bare, "the same pool unsandboxed (sandbox=NONE)",
                Target.ratioAtMost(1.10), rounds + " rounds of " + calls + " sequential calls each side, alternating "
                        + "in blocks of " + BLOCK + "; median call per round; trivial handler; pools of 1 warm worker");
    }

    /** The cold start sandboxed and not, and what the sandbox adds to it. */
    private List<Result> cold(RunOptions options, FunctionVersion function, PythonSettings boxed,
                              PythonSettings open) throws Exception {
        int rounds = options.pick(5, 10);
        int calls = options.pick(6, 12);
        double[] ours = new double[rounds];
        double[] bare = new double[rounds];
        double[] added = new double[rounds];
        try (PythonExecutor sandboxed = FunctionExecutors.processPerEvent(boxed);
             PythonExecutor unsandboxed = FunctionExecutors.processPerEvent(open)) {
            sandboxed.start();
            unsandboxed.start();
            call(sandboxed, function, 0);
            call(unsandboxed, function, 0);
            for (int r = 0; r < rounds; r++) {
                double[] a = new double[calls];
                double[] b = new double[calls];
                for (int i = 0; i < calls; i++) {
                    boolean boxedFirst = (i + r) % 2 == 0;
                    if (boxedFirst) {
                        a[i] = call(sandboxed, function, i);
                        b[i] = call(unsandboxed, function, i);
                    } else {
                        b[i] = call(unsandboxed, function, i);
                        a[i] = call(sandboxed, function, i);
                    }
                }
                ours[r] = Stats.median(a) / 1000;
                bare[r] = Stats.median(b) / 1000;
                added[r] = ours[r] - bare[r];
            }
        }
        String how = rounds + " rounds of " + calls + " calls each side, alternating call by call; median per round; "
                + "every call a fresh worker (process executor): start, ready, one trivial call, exit";
        return List.of(
                Result.paired("sandbox.cold-start", "ms", ours, bare, "the same cold start unsandboxed",
                        Target.none(), how),
                Result.single("sandbox.cold-start-added", Stats.median(added), "ms", Target.atMost(100),
                        java.util.Arrays.stream(added).boxed().toList(),
                        "sandboxed minus unsandboxed cold start, per round; " + how));
    }

    private static void alternate(PythonExecutor sandboxed, PythonExecutor unsandboxed, FunctionVersion function,
                                  int calls, int r, double[] medians) throws Exception {
        double[] ours = new double[calls];
        double[] bare = new double[calls];
        for (int start = 0; start < calls; start += BLOCK) {
            int end = Math.min(calls, start + BLOCK);
            boolean sandboxedFirst = (start / BLOCK + r) % 2 == 0;
            for (int side = 0; side < 2; side++) {
                for (int i = start; i < end; i++) {
                    if ((side == 0) == sandboxedFirst) {
                        ours[i] = call(sandboxed, function, i);
                    } else {
                        bare[i] = call(unsandboxed, function, i);
                    }
                }
            }
        }
        medians[0] = Stats.median(ours);
        medians[1] = Stats.median(bare);
    }

    /** Microseconds of one call. */
    private static double call(PythonExecutor executor, FunctionVersion function, int i) throws Exception {
        ExecutionRequest request = WorkerOverheadScenario.request(function, i);
        long t0 = System.nanoTime();
        ExecutionResult result = executor.execute(request);
        double micros = (System.nanoTime() - t0) / 1e3;
        if (result.status() != InvocationStatus.SUCCEEDED) {
            throw new IllegalStateException(executor.name() + " call failed: " + result.error());
        }
        return micros;
    }
}
