package io.faas.examples.admin.api;

import io.faas.api.FunctionVersion;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.api.TopicNotFoundException;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.faas.core.PartitionLag;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.Views.TopicView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code /api/topics}: the Kafka topics that trigger functions. */
@RestController
@RequestMapping("/api/topics")
class TopicController {

    /** Body of {@code POST /api/topics}; {@code partitions} defaults to 1 and {@code ordering} to KEY. */
    record TopicRequest(String name, Integer partitions, String ordering) {
    }

    /** Default and largest {@code limit} of {@code GET /api/topics/{name}/messages}. */
    static final int DEFAULT_MESSAGES = 20;

    /** A function mapped to a topic, with its content filter on that topic (left out when it takes every event). */
    record TopicFunctionView(String name, int version, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> filter) {
    }

    /**
     * A partition: its first kept offset, the next offset to be written, and the dispatchers' lag on
     * it ({@code null} while the dispatchers have not reported it, as for a topic no function reads).
     */
    record PartitionView(int partition, long earliestOffset, long latestOffset, Long lag) {
    }

    /** One topic in detail: its partitions and their lag, and the functions mapped to it. */
    record TopicDetailView(String name, int partitions, String ordering, List<TopicFunctionView> functions,
                           List<PartitionView> partitionDetails, long lag) {
    }

    private final FaasClient faas;
    private final TopicMessages messages;

    TopicController(FaasClient faas, TopicMessages messages) {
        this.faas = faas;
        this.messages = messages;
    }

    @GetMapping("/{name}")
    TopicDetailView get(@PathVariable String name) {
        Topic topic = faas.topics().get(Requests.topicName(name))
                .orElseThrow(() -> new TopicNotFoundException(Requests.shown(name)));
        List<TopicFunctionView> functions = faas.functions().functionsFor(topic.name()).stream()
                .map(fv -> new TopicFunctionView(fv.name(), fv.version(),
                        fv.spec().filterFor(topic.name()).map(f -> f.pattern()).orElse(null)))
                .sorted(Comparator.comparing(TopicFunctionView::name)).toList();
        Map<Integer, Long> lag = new TreeMap<>();
        for (PartitionLag p : faas.consumerLag()) {
            if (p.topic().equals(topic.name())) {
                lag.put(p.partition(), p.lag());
            }
        }
        List<PartitionView> partitions = messages.offsets(topic.name()).stream()
                .map(o -> new PartitionView(o.partition(), o.earliest(), o.latest(), lag.get(o.partition()))).toList();
        return new TopicDetailView(topic.name(), topic.partitions(), topic.ordering().name(), functions, partitions,
                lag.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * The topic's {@code limit} (1 to 100, default 20) latest records, newest first, read without
     * joining or moving the dispatchers' consumer group.
     */
    @GetMapping("/{name}/messages")
    List<TopicMessages.Message> messages(@PathVariable String name, @RequestParam(required = false) String limit) {
        Topic topic = faas.topics().get(Requests.topicName(name))
                .orElseThrow(() -> new TopicNotFoundException(Requests.shown(name)));
        return messages.latest(topic.name(), messageLimit(limit));
    }

    private static int messageLimit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_MESSAGES;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= TopicMessages.MAX_MESSAGES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'limit' must be a whole number from 1 to " + TopicMessages.MAX_MESSAGES
                + ", not '" + Requests.shown(text) + "'");
    }

    @PostMapping
    ResponseEntity<TopicView> create(@RequestBody TopicRequest request, UriComponentsBuilder uri) {
        Requests.require(request, "a JSON object with the topic's name");
        Topic topic = new Topic(Requests.required(request.name(), "name"),
                request.partitions() == null ? 1 : request.partitions(), ordering(request.ordering()));
        Topic created = faas.topics().create(topic);
        return ResponseEntity.created(uri.path("/api/topics/{name}").build(created.name()))
                .body(TopicView.of(created, List.of()));
    }

    @GetMapping
    List<TopicView> list() {
        Map<String, List<String>> functionsByTopic = new TreeMap<>();
        for (FunctionVersion fv : faas.functions().list()) {
            for (String topic : fv.spec().topics()) {
                functionsByTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(fv.name());
            }
        }
        return faas.topics().list().stream()
                .map(t -> TopicView.of(t, functionsByTopic.getOrDefault(t.name(), List.of())))
                .toList();
    }

    /** {@code ?invalid=true}: stored topics that do not read back; they can be deleted. */
    @GetMapping(params = "invalid=true")
    List<FunctionController.InvalidView> invalid() {
        return faas.topics().invalid().stream().map(name -> new FunctionController.InvalidView(name,
                "the stored topic does not read back; delete it and create it again")).toList();
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        faas.topics().delete(Requests.topicName(name));
    }

    private static Ordering ordering(String text) {
        if (text == null || text.isBlank()) {
            return Ordering.KEY;
        }
        try {
            return Ordering.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ordering '" + Requests.shown(text) + "' is not one of "
                    + Arrays.toString(Ordering.values()));
        }
    }
}
