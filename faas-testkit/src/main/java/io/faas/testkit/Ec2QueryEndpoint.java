package io.faas.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small EC2 for tests: an HTTP server on 127.0.0.1 that speaks the EC2 Query API (version
 * 2016-11-15) for {@code RunInstances}, {@code DescribeInstances}, {@code TerminateInstances}
 * and {@code CreateTags}, with XML answers shaped as the AWS API reference documents them, so the
 * real AWS SDK client can be pointed at it ({@code Ec2Client.builder().endpointOverride(...)},
 * any credentials; signatures are not checked).
 *
 * <p>Instances go {@code pending} → {@code running} after {@link Builder#pendingTime(Duration)},
 * and {@code shutting-down} → {@code terminated} after {@link Builder#shuttingDownTime(Duration)};
 * every instance's private and public IP is {@link Builder#instanceAddress(String)} (127.0.0.1 by
 * default), so "launched" instances can be made SSH-reachable by an {@link EmbeddedSshd}.
 * DescribeInstances understands the filters {@code instance-state-name}, {@code instance-id},
 * {@code tag-key} and {@code tag:<key>}, and instance ids. Unsupported actions answer the EC2
 * error {@code InvalidAction}.
 *
 * <pre>{@code
 * try (Ec2QueryEndpoint ec2 = Ec2QueryEndpoint.builder().build().start()) {
 *     Ec2Client client = Ec2Client.builder().endpointOverride(ec2.endpoint()).region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class Ec2QueryEndpoint implements AutoCloseable {

    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String OWNER = "123456789012";

    private final Duration pendingTime;
    private final Duration shuttingDownTime;
    private final String instanceAddress;
    private final Clock clock;
    private final Map<String, FakeInstance> instances = new LinkedHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    private Ec2QueryEndpoint(Builder b) {
        pendingTime = b.pendingTime;
        shuttingDownTime = b.shuttingDownTime;
        instanceAddress = b.instanceAddress;
        clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One instance as the endpoint sees it now. */
    public record InstanceView(String id, String state, String imageId, String instanceType, String launchTemplate,
                               Map<String, String> tags) {
    }

    /** Starts serving on a free port of 127.0.0.1. */
    public synchronized Ec2QueryEndpoint start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the EC2 endpoint", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "faas-ec2-endpoint");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Actions called so far, in order, such as {@code RunInstances}. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Every instance ever launched, with its state now. */
    public synchronized List<InstanceView> instances() {
        Instant now = clock.instant();
        List<InstanceView> out = new ArrayList<>();
        for (FakeInstance i : instances.values()) {
            out.add(new InstanceView(i.id, i.state(now), i.imageId, i.instanceType, i.launchTemplate, Map.copyOf(i.tags)));
        }
        return out;
    }

    /** Instances pending or running now. */
    public List<InstanceView> liveInstances() {
        return instances().stream().filter(i -> i.state().equals("pending") || i.state().equals("running")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = new TreeMap<>();
            parse(exchange.getRequestURI().getRawQuery(), params);
            if ("POST".equals(exchange.getRequestMethod())) {
                parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
            }
            String action = params.getOrDefault("Action", "");
            calls.add(action);
            String xml;
            int status = 200;
            try {
                xml = switch (action) {
                    case "RunInstances" -> runInstances(params);
                    case "DescribeInstances" -> describeInstances(params);
                    case "TerminateInstances" -> terminateInstances(params);
                    case "CreateTags" -> createTags(params);
                    default -> throw new Ec2Error("InvalidAction", "The action " + action + " is not valid for this web service.");
                };
            } catch (Ec2Error e) {
                status = 400;
                xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + e.code
                        + "</Code><Message>" + escape(e.getMessage()) + "</Message></Error></Errors><RequestID>"
                        + UUID.randomUUID() + "</RequestID></Response>";
            }
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void parse(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    /** Values of {@code prefix.1}, {@code prefix.2}, ... in order. */
    private static List<String> list(Map<String, String> params, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + "." + i); i++) {
            out.add(params.get(prefix + "." + i));
        }
        return out;
    }

    private static Map<String, String> tags(Map<String, String> params, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; params.containsKey(prefix + "." + i + ".Key"); i++) {
            out.put(params.get(prefix + "." + i + ".Key"), params.getOrDefault(prefix + "." + i + ".Value", ""));
        }
        return out;
    }

    private synchronized String runInstances(Map<String, String> params) {
        int min = Integer.parseInt(params.getOrDefault("MinCount", "0"));
        int max = Integer.parseInt(params.getOrDefault("MaxCount", "0"));
        if (min < 1 || max < min) {
            throw new Ec2Error("InvalidParameterValue", "MinCount must be at least 1 and MaxCount at least MinCount");
        }
        String template = params.getOrDefault("LaunchTemplate.LaunchTemplateId",
                params.get("LaunchTemplate.LaunchTemplateName"));
        String imageId = params.get("ImageId");
        if (template == null && imageId == null) {
            throw new Ec2Error("MissingParameter", "The request must contain the parameter ImageId");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int s = 1; params.containsKey("TagSpecification." + s + ".ResourceType"); s++) {
            if ("instance".equals(params.get("TagSpecification." + s + ".ResourceType"))) {
                tags.putAll(tags(params, "TagSpecification." + s + ".Tag"));
            }
        }
        Instant now = clock.instant();
        String reservation = "r-" + hex(17);
        StringBuilder items = new StringBuilder();
        for (int n = 0; n < max; n++) {
            FakeInstance i = new FakeInstance("i-" + hex(17), reservation, imageId == null ? "ami-from-template" : imageId,
                    params.getOrDefault("InstanceType", "t3.micro"), template, params.get("SubnetId"),
                    params.get("KeyName"), now, n);
            i.tags.putAll(tags);
            instances.put(i.id, i);
            items.append(i.xml(now));
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RunInstancesResponse xmlns=\"" + NS + "\"><requestId>"
                + UUID.randomUUID() + "</requestId><reservationId>" + reservation + "</reservationId><ownerId>" + OWNER
                + "</ownerId><groupSet/><instancesSet>" + items + "</instancesSet></RunInstancesResponse>";
    }

    private synchronized String describeInstances(Map<String, String> params) {
        Instant now = clock.instant();
        Set<String> ids = Set.copyOf(list(params, "InstanceId"));
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int f = 1; params.containsKey("Filter." + f + ".Name"); f++) {
            filters.put(params.get("Filter." + f + ".Name"), list(params, "Filter." + f + ".Value"));
        }
        Map<String, StringBuilder> byReservation = new LinkedHashMap<>();
        for (FakeInstance i : instances.values()) {
            if ((!ids.isEmpty() && !ids.contains(i.id)) || !i.matches(filters, now)) {
                continue;
            }
            byReservation.computeIfAbsent(i.reservation, r -> new StringBuilder()).append(i.xml(now));
        }
        StringBuilder reservations = new StringBuilder();
        byReservation.forEach((r, items) -> reservations.append("<item><reservationId>").append(r)
                .append("</reservationId><ownerId>").append(OWNER).append("</ownerId><groupSet/><instancesSet>")
                .append(items).append("</instancesSet></item>"));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse xmlns=\"" + NS
                + "\"><requestId>" + UUID.randomUUID() + "</requestId><reservationSet>" + reservations
                + "</reservationSet></DescribeInstancesResponse>";
    }

    private synchronized String terminateInstances(Map<String, String> params) {
        Instant now = clock.instant();
        List<String> ids = list(params, "InstanceId");
        for (String id : ids) {
            if (!instances.containsKey(id)) {
                throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
            }
        }
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            FakeInstance i = instances.get(id);
            String previous = i.state(now);
            if (i.terminatedAt == null) {
                i.terminatedAt = now;
            }
            items.append("<item><instanceId>").append(id).append("</instanceId><currentState>")
                    .append(stateXml(i.state(now))).append("</currentState><previousState>").append(stateXml(previous))
                    .append("</previousState></item>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TerminateInstancesResponse xmlns=\"" + NS
                + "\"><requestId>" + UUID.randomUUID() + "</requestId><instancesSet>" + items
                + "</instancesSet></TerminateInstancesResponse>";
    }

    private synchronized String createTags(Map<String, String> params) {
        List<String> ids = list(params, "ResourceId");
        Map<String, String> tags = tags(params, "Tag");
        for (String id : ids) {
            FakeInstance i = instances.get(id);
            if (i == null) {
                throw new Ec2Error("InvalidID", "The ID '" + id + "' is not valid");
            }
            i.tags.putAll(tags);
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateTagsResponse xmlns=\"" + NS + "\"><requestId>"
                + UUID.randomUUID() + "</requestId><return>true</return></CreateTagsResponse>";
    }

    private static String stateXml(String state) {
        int code = switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            default -> 80;
        };
        return "<code>" + code + "</code><name>" + state + "</name>";
    }

    private static String hex(int digits) {
        byte[] bytes = new byte[(digits + 1) / 2];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, digits);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private final class FakeInstance {
        final String id;
        final String reservation;
        final String imageId;
        final String instanceType;
        final String launchTemplate;
        final String subnetId;
        final String keyName;
        final Instant launchedAt;
        final int launchIndex;
        final Map<String, String> tags = new LinkedHashMap<>();
        Instant terminatedAt;

        FakeInstance(String id, String reservation, String imageId, String instanceType, String launchTemplate,
                     String subnetId, String keyName, Instant launchedAt, int launchIndex) {
            this.id = id;
            this.reservation = reservation;
            this.imageId = imageId;
            this.instanceType = instanceType;
            this.launchTemplate = launchTemplate;
            this.subnetId = subnetId;
            this.keyName = keyName;
            this.launchedAt = launchedAt;
            this.launchIndex = launchIndex;
        }

        String state(Instant now) {
            if (terminatedAt != null) {
                return now.isBefore(terminatedAt.plus(shuttingDownTime)) ? "shutting-down" : "terminated";
            }
            return now.isBefore(launchedAt.plus(pendingTime)) ? "pending" : "running";
        }

        boolean matches(Map<String, List<String>> filters, Instant now) {
            for (Map.Entry<String, List<String>> f : filters.entrySet()) {
                String name = f.getKey();
                List<String> values = f.getValue();
                boolean ok;
                if (name.equals("instance-state-name")) {
                    ok = values.contains(state(now));
                } else if (name.equals("instance-id")) {
                    ok = values.contains(id);
                } else if (name.equals("tag-key")) {
                    ok = values.stream().anyMatch(tags::containsKey);
                } else if (name.startsWith("tag:")) {
                    ok = values.contains(tags.get(name.substring(4)));
                } else {
                    throw new Ec2Error("InvalidParameterValue", "The filter '" + name + "' is invalid");
                }
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        String xml(Instant now) {
            String state = state(now);
            boolean addressed = !state.equals("terminated");
            StringBuilder tagSet = new StringBuilder();
            tags.forEach((k, v) -> tagSet.append("<item><key>").append(escape(k)).append("</key><value>")
                    .append(escape(v)).append("</value></item>"));
            return "<item><instanceId>" + id + "</instanceId><imageId>" + imageId + "</imageId><instanceState>"
                    + stateXml(state) + "</instanceState><privateDnsName>"
                    + (addressed ? "ip-127-0-0-1.ec2.internal" : "") + "</privateDnsName><dnsName/>"
                    + (keyName == null ? "" : "<keyName>" + escape(keyName) + "</keyName>")
                    + "<amiLaunchIndex>" + launchIndex + "</amiLaunchIndex><instanceType>" + escape(instanceType)
                    + "</instanceType><launchTime>" + launchedAt.truncatedTo(ChronoUnit.MILLIS) + "</launchTime>"
                    + "<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>"
                    + "<monitoring><state>disabled</state></monitoring>"
                    + (subnetId == null ? "" : "<subnetId>" + escape(subnetId) + "</subnetId>")
                    + (addressed ? "<privateIpAddress>" + instanceAddress + "</privateIpAddress><ipAddress>"
                    + instanceAddress + "</ipAddress>" : "")
                    + "<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType>"
                    + "<tagSet>" + tagSet + "</tagSet></item>";
        }
    }

    private static final class Ec2Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        Ec2Error(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** Stops the server. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    /** Mutable builder. Not thread-safe. */
    public static final class Builder {
        private Duration pendingTime = Duration.ofMillis(300);
        private Duration shuttingDownTime = Duration.ofMillis(300);
        private String instanceAddress = "127.0.0.1";
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** How long a new instance stays pending (default 300 ms). */
        public Builder pendingTime(Duration pendingTime) {
            this.pendingTime = Objects.requireNonNull(pendingTime, "pendingTime");
            return this;
        }

        /** How long a terminated instance stays shutting-down (default 300 ms). */
        public Builder shuttingDownTime(Duration shuttingDownTime) {
            this.shuttingDownTime = Objects.requireNonNull(shuttingDownTime, "shuttingDownTime");
            return this;
        }

        /** Private and public IP of every instance (default 127.0.0.1). */
        public Builder instanceAddress(String instanceAddress) {
            this.instanceAddress = Objects.requireNonNull(instanceAddress, "instanceAddress");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Ec2QueryEndpoint build() {
            return new Ec2QueryEndpoint(this);
        }
    }
}
