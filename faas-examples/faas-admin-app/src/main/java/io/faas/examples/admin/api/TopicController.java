package io.faas.examples.admin.api;

import io.faas.api.FunctionVersion;
import io.faas.api.Ordering;
import io.faas.api.Topic;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.Arrays;
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

    private final FaasClient faas;

    TopicController(FaasClient faas) {
        this.faas = faas;
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
