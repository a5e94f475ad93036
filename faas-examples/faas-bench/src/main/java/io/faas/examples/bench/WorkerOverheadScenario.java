package io.faas.examples.bench;

import io.faas.api.Event;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.FunctionExecutors;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonSettings;
import io.faas.core.internal.execution.python.PythonProtocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Row 3: one warm call through the Python worker pool against a bare Python loop answering the
 * same frames over the same kind of pipe ({@code echo_worker.py}). The bare side does only what
 * any client of the protocol must: encode the same invoke frame (faas' own encoder), write it, read the
 * reply frame on the calling thread and decode it. Calls are sequential, the two sides alternate
 * in short blocks; each round reports the median call of each.
 */
final class WorkerOverheadScenario implements Scenario {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String ECHO = "echo_worker.py";

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(5, 15);
        int calls = options.pick(1000, 2000);
        FunctionVersion function = function(PoolVsProcessScenario.HANDLER);
        double[] ours = new double[rounds];
        double[] bare = new double[rounds];
        try (PythonExecutor pool = FunctionExecutors.pythonPool(PythonSettings.builder().poolSize(1).minIdle(1).build());
             BareWorker echo = BareWorker.start(pool.settings().workers().interpreter())) {
            pool.start();
            // Warm-up, not counted: both sides keep getting faster for several thousand calls (JIT).
            round(pool, echo, function, options.pick(4000, 10000), 0);
            for (int r = 0; r < rounds; r++) {
                double[] both = round(pool, echo, function, calls, r);
                ours[r] = both[0];
                bare[r] = both[1];
            }
        }
        return List.of(Result.paired("worker.warm-call", "us", ours, bare,
                "bare Python loop (echo_worker.py) answering the same frames over a pipe, read on the calling thread",
                Target.ratioAtMost(1.5),
                rounds + " rounds of " + calls + " sequential calls each side, the two sides alternating in "
                        + "blocks of " + BLOCK + " calls; median call per round; trivial handler; pool of 1 warm worker "
                        + "(PythonExecutor.execute)"));
    }

    /**
     * One round: {@code calls} calls on each side in alternating blocks of {@value #BLOCK} (which
     * side goes first changes every round): long enough for each side to run as it does when
     * called steadily, short enough (a few ms) that both see the same moment of a shared
     * machine. Returns the median microseconds per call of the pool and of the bare loop.
     */
    private static double[] round(PythonExecutor pool, BareWorker echo, FunctionVersion function, int calls, int r)
            throws Exception {
        double[] ours = new double[calls];
        double[] bare = new double[calls];
        for (int start = 0; start < calls; start += BLOCK) {
            int end = Math.min(calls, start + BLOCK);
            boolean poolFirst = (start / BLOCK + r) % 2 == 0;
            for (int side = 0; side < 2; side++) {
                for (int i = start; i < end; i++) {
                    if ((side == 0) == poolFirst) {
                        ours[i] = poolCall(pool, function, i);
                    } else {
                        bare[i] = bareCall(echo, function, i);
                    }
                }
            }
        }
        return new double[] {Stats.median(ours), Stats.median(bare)};
    }

    private static final int BLOCK = 50;

    static FunctionVersion function(String source) throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(source.getBytes(StandardCharsets.UTF_8)));
        return new FunctionVersion(FunctionSpec.python("bench-echo"), 1, source, hash, Instant.now());
    }

    static ExecutionRequest request(FunctionVersion function, int i) {
        Event event = new Event("bench-" + i, "bench", 0, i, null, Load.payload(i), Map.of(), Instant.now());
        return new ExecutionRequest(function, event, 1, Duration.ofSeconds(30), 65536);
    }

    /** Microseconds of one call through the pool. */
    private static double poolCall(PythonExecutor pool, FunctionVersion function, int i) throws Exception {
        ExecutionRequest request = request(function, i);
        long t0 = System.nanoTime();
        ExecutionResult result = pool.execute(request);
        double micros = (System.nanoTime() - t0) / 1e3;
        if (result.status() != InvocationStatus.SUCCEEDED) {
            throw new IllegalStateException("pool call failed: " + result.error());
        }
        return micros;
    }

    /** Microseconds of one call through the bare loop. */
    private static double bareCall(BareWorker echo, FunctionVersion function, int i) throws IOException {
        ExecutionRequest request = request(function, i);
        long t0 = System.nanoTime();
        String result = echo.call(i, request);
        double micros = (System.nanoTime() - t0) / 1e3;
        if (result == null) {
            throw new IllegalStateException("echo worker gave no result");
        }
        return micros;
    }

    /** The bare side: one {@code echo_worker.py} process and its pipes. Not thread-safe. */
    static final class BareWorker implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final OutputStream out;
        private final DataInputStream in;

        private BareWorker(Process process, Path dir) {
            this.process = process;
            this.dir = dir;
            this.out = process.getOutputStream();
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        }

        static BareWorker start(String interpreter) throws IOException {
            Path dir = Files.createTempDirectory("faas-bench-echo-");
            Path script = dir.resolve(ECHO);
            try (InputStream resource = WorkerOverheadScenario.class.getResourceAsStream(ECHO)) {
                if (resource == null) {
                    throw new IllegalStateException(ECHO + " missing from the classpath");
                }
                Files.copy(resource, script);
            }
            ProcessBuilder builder = new ProcessBuilder(interpreter, script.toString()).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            BareWorker worker = new BareWorker(builder.start(), dir);
            worker.readFrame(); // ready
            return worker;
        }

        /** Sends the invoke frame of {@code request} and returns the reply's result as JSON text. */
        String call(long id, ExecutionRequest request) throws IOException {
            // The frame faas sends to a worker that has the module loaded: same encoder, same bytes.
            out.write(PythonProtocol.invoke(id, request, false, false, request.logLimitBytes()));
            out.flush();
            JsonNode reply = MAPPER.readTree(readFrame());
            JsonNode result = reply.get("result");
            return result == null ? null : MAPPER.writeValueAsString(result);
        }

        private byte[] readFrame() throws IOException {
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return frame;
        }

        @Override
        public void close() throws IOException {
            out.close();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
