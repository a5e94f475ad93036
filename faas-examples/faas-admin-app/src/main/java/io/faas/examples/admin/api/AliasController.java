package io.faas.examples.admin.api;

import io.faas.api.Alias;
import io.faas.api.AliasNotFoundException;
import io.faas.api.ShadowComparison;
import io.faas.core.FaasClient;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * {@code /api/functions/{name}/aliases}: named pointers to a Python function's versions, with a
 * canary and a shadow, and the comparison of a shadow with its primary (see {@link io.faas.api.Aliases}).
 */
@RestController
@RequestMapping("/api/functions/{name}/aliases")
class AliasController {

    /** Shadow records a comparison reads when the request does not say. */
    static final int DEFAULT_COMPARED = 1000;

    private final FaasClient faas;
    private final ObjectMapper json;

    AliasController(FaasClient faas, ObjectMapper json) {
        this.faas = faas;
        this.json = json;
    }

    /**
     * Body of {@code PUT}: {@code version} is needed; {@code canary} ({@code {"version": 4,
     * "weight": 10}}: that version takes 10 % of the events, by key) and {@code shadowVersion} are
     * optional, and left out mean none.
     */
    record AliasBody(Integer version, CanaryView canary, Integer shadowVersion) {
    }

    record CanaryView(Integer version, Integer weight) {
    }

    /** An alias as the API shows it; {@code canary} and {@code shadowVersion} are null when there is none. */
    record AliasView(String name, int version, CanaryView canary, Integer shadowVersion) {
        static AliasView of(Alias a) {
            return new AliasView(a.name(), a.version(),
                    a.canary() == null ? null : new CanaryView(a.canary().version(), a.canary().weight()),
                    a.hasShadow() ? a.shadowVersion() : null);
        }
    }

    @GetMapping
    List<AliasView> list(@PathVariable String name) {
        return faas.aliases().list(name).stream().map(AliasView::of).toList();
    }

    @GetMapping("/{alias}")
    AliasView get(@PathVariable String name, @PathVariable String alias) {
        return AliasView.of(faas.aliases().get(name, alias)
                .orElseThrow(() -> new AliasNotFoundException(name, Requests.shown(alias))));
    }

    /** Creates or moves the alias: a rollback is a PUT of the earlier version. */
    @PutMapping("/{alias}")
    AliasView set(@PathVariable String name, @PathVariable String alias, @RequestBody AliasBody body) {
        AliasBody b = Requests.require(body, "an alias");
        int version = Requests.required(b.version(), "version");
        Alias.Canary canary = null;
        if (b.canary() != null) {
            canary = new Alias.Canary(Requests.required(b.canary().version(), "canary.version"),
                    Requests.required(b.canary().weight(), "canary.weight"));
        }
        Alias set = new Alias(alias, version, canary,
                b.shadowVersion() == null ? 0 : b.shadowVersion());
        return AliasView.of(faas.aliases().set(name, set));
    }

    @DeleteMapping("/{alias}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name, @PathVariable String alias) {
        faas.aliases().delete(name, alias);
    }

    /** A comparison as the API shows it: results as JSON values, as in invocation records. */
    record ComparisonView(String function, String alias, int shadowVersion, int compared, int same, int different,
                          int unpaired, ShadowComparison.Side primary, ShadowComparison.Side shadow,
                          List<DifferenceView> differences) {
    }

    record DifferenceView(String invocationId, String eventId, int primaryVersion, String primaryStatus,
                          JsonNode primaryResult, String primaryError, String shadowStatus, JsonNode shadowResult,
                          String shadowError) {
    }

    private JsonNode value(String result) {
        return result == null ? null : Views.InvocationView.value(result, json);
    }

    /**
     * The alias's shadow version compared with its primary over the newest {@code limit} shadow
     * records ({@value #DEFAULT_COMPARED} when left out, at most {@link ShadowComparison#MAX_COMPARED}).
     */
    @GetMapping("/{alias}/shadow")
    ComparisonView shadow(@PathVariable String name, @PathVariable String alias,
                            @RequestParam(required = false) String limit) {
        int n = DEFAULT_COMPARED;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a whole number from 1 to "
                        + ShadowComparison.MAX_COMPARED);
            }
        }
        ShadowComparison c = faas.aliases().compareShadow(name, alias, n);
        return new ComparisonView(c.function(), c.alias(), c.shadowVersion(), c.compared(), c.same(), c.different(),
                c.unpaired(), c.primary(), c.shadow(), c.differences().stream().map(d -> new DifferenceView(
                        d.invocationId(), d.eventId(), d.primaryVersion(), d.primaryStatus().name(),
                        value(d.primaryResult()), d.primaryError(), d.shadowStatus().name(), value(d.shadowResult()),
                        d.shadowError())).toList());
    }
}
