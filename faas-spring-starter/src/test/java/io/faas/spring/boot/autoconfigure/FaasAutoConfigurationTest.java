package io.faas.spring.boot.autoconfigure;

import io.faas.api.FunctionContext;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.spring.boot.FaasFunction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FaasAutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    /** The auto-configuration with a client of the test's own, so nothing connects anywhere. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=kafka-1:9092,kafka-2:9092",
                    "faas.mongo.uri=mongodb://mongo:27017")
            .withBean(FaasClient.class, () -> fake.client);

    @Test
    void propertiesBindIntoTheSettings() {
        runner.withPropertyValues(
                        "faas.kafka.properties.security.protocol=SSL",
                        "faas.mongo.database=ledger",
                        "faas.request-timeout=5s",
                        "faas.ledger.retention=90d",
                        "faas.max-source-size=2MB",
                        "faas.max-payload-size=512KB",
                        "faas.changes-topic=changes",
                        "faas.topic-replication-factor=3",
                        "faas.validation.block-on-warnings=true",
                        "faas.dispatcher.group-id=billing",
                        "faas.dispatcher.concurrency=4",
                        "faas.dispatcher.max-in-flight=50",
                        "faas.dispatcher.poll-timeout=250ms",
                        "faas.dispatcher.commit-interval=1s",
                        "faas.dispatcher.close-grace-period=PT3S",
                        "faas.dispatcher.dead-letter-topic=billing.dlq",
                        "faas.dispatcher.ledger-batch-size=20",
                        "faas.dispatcher.log-limit=1KB")
                .run(context -> {
                    FaasSettings s = context.getBean(FaasSettings.class);
                    assertThat(s.kafkaBootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
                    assertThat(s.kafkaProperties()).containsEntry("security.protocol", "SSL");
                    assertThat(s.mongoUri()).isEqualTo("mongodb://mongo:27017");
                    assertThat(s.mongoDatabase()).isEqualTo("ledger");
                    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(s.ledgerRetention()).isEqualTo(Duration.ofDays(90));
                    assertThat(s.maxSourceBytes()).isEqualTo(2 * 1024 * 1024);
                    assertThat(s.maxPayloadBytes()).isEqualTo(512 * 1024);
                    assertThat(s.changesTopic()).isEqualTo("changes");
                    assertThat(s.topicReplicationFactor()).isEqualTo((short) 3);
                    assertThat(s.blockOnWarnings()).isTrue();
                    DispatcherSettings d = s.dispatcher();
                    assertThat(d.groupId()).isEqualTo("billing");
                    assertThat(d.concurrency()).isEqualTo(4);
                    assertThat(d.maxInFlight()).isEqualTo(50);
                    assertThat(d.pollTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(d.commitInterval()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(d.closeGracePeriod()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(d.deadLetterTopic()).isEqualTo("billing.dlq");
                    assertThat(d.ledgerBatchSize()).isEqualTo(20);
                    assertThat(d.logLimitBytes()).isEqualTo(1024);
                });
    }

    @Test
    void withNoPropertySetTheSettingsAreFaasCoresDefaults() {
        runner.run(context -> {
            FaasSettings core = FaasSettings.builder().kafkaBootstrapServers("kafka-1:9092,kafka-2:9092")
                    .mongoUri("mongodb://mongo:27017").build();
            assertThat(context.getBean(FaasSettings.class)).usingRecursiveComparison().isEqualTo(core);
            assertThat(context.getBean(FaasSettings.class).dispatcher()).usingRecursiveComparison()
                    .isEqualTo(DispatcherSettings.builder().build());
            assertThat(context.getBean(FaasFunctionDefaults.class)).isEqualTo(new FaasFunctionDefaults(
                    FunctionSpec.DEFAULT_TIMEOUT, FunctionSpec.DEFAULT_MAX_ATTEMPTS, io.faas.api.Backoff.DEFAULT));
        });
    }

    @Test
    void unsetPropertiesAreNull() {
        FaasProperties p = new FaasProperties();
        assertThat(p.getRequestTimeout()).isNull();
        assertThat(p.getLedger().getRetention()).isNull();
        assertThat(p.getMongo().getDatabase()).isNull();
        assertThat(p.getDispatcher().getConcurrency()).isNull();
        assertThat(p.getDispatcher().getBackoff().getMultiplier()).isNull();
        assertThat(p.getPython().getInterpreter()).isNull();
        assertThat(p.getValidation().getPoolSize()).isNull();
        assertThat(p.getDispatcher().isAutoStartup()).as("the starter's own").isTrue();
    }

    @Test
    void aSetPropertyReachesTheSettingsAndTheOthersKeepTheirDefaults() {
        runner.withPropertyValues("faas.max-topic-partitions=12", "faas.dispatcher.backoff.max=1m",
                        "faas.secrets.key-file=/srv/faas/secrets.key")
                .run(context -> {
                    FaasSettings core = FaasSettings.builder().kafkaBootstrapServers("kafka-1:9092,kafka-2:9092")
                            .mongoUri("mongodb://mongo:27017").maxTopicPartitions(12)
                            .secretsKeyFile(java.nio.file.Path.of("/srv/faas/secrets.key")).build();
                    assertThat(context.getBean(FaasSettings.class)).usingRecursiveComparison().isEqualTo(core);
                    io.faas.api.Backoff backoff = context.getBean(FaasFunctionDefaults.class).backoff();
                    assertThat(backoff).isEqualTo(new io.faas.api.Backoff(io.faas.api.Backoff.DEFAULT.initial(),
                            io.faas.api.Backoff.DEFAULT.multiplier(), Duration.ofMinutes(1)));
                });
    }

    @Test
    void theMappingsAreTheBuildersAPublicHostAppCanStartFrom() {
        FaasProperties p = new FaasProperties();
        p.getDispatcher().setConcurrency(3);
        assertThat(p.getDispatcher().toSettingsBuilder().build().concurrency()).isEqualTo(3);
        p.getDispatcher().setConcurrency(0);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> p.getDispatcher().toSettingsBuilder())
                .withMessage("faas.dispatcher.concurrency: dispatcher concurrency must be at least 1: 0");
        p.getDispatcher().setConcurrency(null);
        p.setChangesTopic("faas.dlq");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> p.toSettingsBuilder(p.getDispatcher().toSettingsBuilder().build()))
                .withMessageStartingWith("faas.changes-topic: ").withMessageContaining("must differ");
    }

    @Test
    void customizersAdjustWhatWasBuilt() {
        runner.withBean(DispatcherSettingsCustomizer.class, () -> b -> b.concurrency(2))
                .withBean(FaasSettingsCustomizer.class, () -> b -> b.kafkaProperty("client.rack", "eu-1"))
                .run(context -> {
                    FaasSettings s = context.getBean(FaasSettings.class);
                    assertThat(s.dispatcher().concurrency()).isEqualTo(2);
                    assertThat(s.kafkaProperties()).containsEntry("client.rack", "eu-1");
                });
    }

    @Test
    void functionDefaultsComeFromTheDispatcherProperties() {
        runner.withPropertyValues("faas.dispatcher.default-timeout=2m", "faas.dispatcher.max-attempts=5",
                        "faas.dispatcher.backoff.initial=1s", "faas.dispatcher.backoff.multiplier=3",
                        "faas.dispatcher.backoff.max=1m")
                .run(context -> {
                    FunctionSpec spec = context.getBean(FaasFunctionDefaults.class).builder("f").build();
                    assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(spec.maxAttempts()).isEqualTo(5);
                    assertThat(spec.backoff().delayAfter(2)).isEqualTo(Duration.ofSeconds(3));
                    assertThat(spec.backoff().max()).isEqualTo(Duration.ofMinutes(1));
                });
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        FaasSettings own = FaasSettings.builder().kafkaBootstrapServers("mine:9092").mongoUri("mongodb://mine").build();
        FaasConnectionDetails details = new FaasConnectionDetails() {
            @Override
            public String kafkaBootstrapServers() {
                return "registry:9092";
            }

            @Override
            public String mongoUri() {
                return "mongodb://registry";
            }
        };
        FaasFunctionDefaults defaults = new FaasFunctionDefaults(Duration.ofSeconds(1), 1, io.faas.api.Backoff.DEFAULT);
        FaasDispatcherLifecycle lifecycle = new FaasDispatcherLifecycle(fake.client.dispatcher(), false, Duration.ZERO);
        runner.withBean(FaasSettings.class, () -> own)
                .withBean(FaasConnectionDetails.class, () -> details)
                .withBean(FaasFunctionDefaults.class, () -> defaults)
                .withBean(FaasDispatcherLifecycle.class, () -> lifecycle)
                .run(context -> {
                    assertThat(context).hasSingleBean(FaasSettings.class).hasSingleBean(FaasClient.class)
                            .hasSingleBean(FaasConnectionDetails.class).hasSingleBean(FaasDispatcherLifecycle.class)
                            .hasSingleBean(FaasFunctionDefaults.class);
                    assertThat(context.getBean(FaasSettings.class)).isSameAs(own);
                    assertThat(context.getBean(FaasClient.class)).isSameAs(fake.client);
                    assertThat(context.getBean(FaasFunctionDefaults.class)).isSameAs(defaults);
                    assertThat(context.getBean(FaasDispatcherLifecycle.class)).isSameAs(lifecycle);
                    assertThat(fake.running).as("the application's lifecycle does not auto-start").isFalse();
                });
    }

    @Test
    void connectionDetailsOfTheApplicationReplaceTheProperties() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class))
                .withBean(FaasClient.class, () -> fake.client)
                .withBean(FaasConnectionDetails.class, () -> new FaasConnectionDetails() {
                    @Override
                    public String kafkaBootstrapServers() {
                        return "registry:9092";
                    }

                    @Override
                    public String mongoUri() {
                        return "mongodb://registry";
                    }
                })
                .run(context -> {
                    assertThat(context.getBean(FaasSettings.class).kafkaBootstrapServers()).isEqualTo("registry:9092");
                    assertThat(context.getBean(FaasSettings.class).mongoUri()).isEqualTo("mongodb://registry");
                });
    }

    @Test
    void theDispatcherRunsWithTheContext() {
        runner.run(context -> {
            assertThat(fake.running).isTrue();
            assertThat(context.getBean(FaasDispatcherLifecycle.class).isRunning()).isTrue();
            context.close();
            assertThat(fake.running).as("stopped when the context closes").isFalse();
        });
    }

    @Test
    void autoStartupCanBeSwitchedOff() {
        runner.withPropertyValues("faas.dispatcher.auto-startup=false").run(context -> {
            assertThat(context.getBean(FaasDispatcherLifecycle.class).isAutoStartup()).isFalse();
            assertThat(fake.running).isFalse();
        });
    }

    @Test
    void aWrongValueFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("faas.dispatcher.concurrency=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("faas.dispatcher.concurrency")
                    .contains("must be at least 1");
        });
        runner.withPropertyValues("faas.dispatcher.dead-letter-topic=no spaces allowed").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.dispatcher.dead-letter-topic");
        });
        runner.withPropertyValues("faas.mongo.uri=localhost:27017").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.mongo.uri").contains("mongodb://");
        });
        runner.withPropertyValues("faas.dispatcher.backoff.initial=1m", "faas.dispatcher.backoff.max=1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.dispatcher.backoff");
        });
    }

    @Test
    void everyWrongValueIsReportedAtOnceEachWithItsProperty() {
        runner.withPropertyValues("faas.dispatcher.concurrency=0", "faas.dispatcher.max-in-flight=0",
                        "faas.max-source-size=0", "faas.dispatcher.default-timeout=0s", "faas.mongo.database=no spaces",
                        "faas.python.idle-timeout=0s", "faas.embedded.kafka-port=70000")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains(
                            "faas.dispatcher.concurrency: dispatcher concurrency must be at least 1: 0",
                            "faas.dispatcher.max-in-flight: dispatcher maxInFlight must be at least 1: 0",
                            "faas.max-source-size: maxSourceBytes must be at least 1: 0",
                            "faas.dispatcher.default-timeout: timeout of function",
                            "faas.mongo.database: mongoDatabase must be",
                            "faas.python.idle-timeout: python worker idleTimeout must be positive",
                            "faas.embedded.kafka-port: must be between 0");
                });
    }

    @Test
    void aValueTooLargeToConvertNamesItsProperty() {
        runner.withPropertyValues("faas.dispatcher.log-limit=3GB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("faas.dispatcher.log-limit: must be at most 2147483647 bytes");
        });
    }

    @Test
    void theChangesTopicMustDifferFromTheDeadLetterTopicSetBeside() {
        runner.withPropertyValues("faas.changes-topic=billing.events", "faas.dispatcher.dead-letter-topic=billing.events")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("faas.changes-topic: ")
                            .contains("must differ");
                });
    }

    @Test
    void theSecretsKeyAndKeyFileAreMappedOnlyWhenSet() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        runner.withPropertyValues("faas.secrets.key=" + key, "faas.secrets.key-file=/srv/faas/secrets.key")
                .run(context -> {
                    FaasSettings s = context.getBean(FaasSettings.class);
                    assertThat(s.secretsKey()).isEqualTo(key);
                    assertThat(s.secretsKeyFile()).isEqualTo(java.nio.file.Path.of("/srv/faas/secrets.key"));
                });
        runner.run(context -> {
            FaasSettings s = context.getBean(FaasSettings.class);
            FaasSettings defaults = FaasSettings.builder().kafkaBootstrapServers("k:9092").mongoUri("mongodb://m").build();
            assertThat(s.secretsKey()).isNull();
            assertThat(s.secretsKeyFile()).isEqualTo(defaults.secretsKeyFile());
        });
    }

    @Test
    void aWrongSecretsKeyFailsTheStartWithoutShowingIt() {
        runner.withPropertyValues("faas.secrets.key=c2hvcnQta2V5LXZhbHVl").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("faas.secrets.key")
                    .contains("32 bytes")
                    .doesNotContain("c2hvcnQta2V5LXZhbHVl");
        });
    }

    @Test
    void aValueOfTheWrongTypeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("faas.dispatcher.concurrency=many").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.dispatcher.concurrency");
        });
        runner.withPropertyValues("faas.request-timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.request-timeout");
        });
        runner.withPropertyValues("faas.ledger.retention=1h").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ledger.retention")
                    .contains("between 1 day and 3650 days");
        });
    }

    @Test
    void withoutKafkaOrMongoTheStartFailsSayingWhatToSet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class))
                .withPropertyValues("faas.embedded.enabled=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(messages(failure)).contains("faas.kafka.bootstrap-servers is not set");
                    FailureAnalysis analysis = new FaasConnectionMissingFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getAction()).contains("faas.kafka.bootstrap-servers").contains("faas-testkit");
                });
    }

    @Test
    void withoutFaasCoreNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(FaasClient.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FaasProperties.class).doesNotHaveBean(FaasSettings.class)
                    .doesNotHaveBean(FaasDispatcherLifecycle.class);
        });
    }

    @Test
    void annotatedMethodsAndBeansAreRegisteredAndTheirTopicsCreated() {
        fake.topics.add("maths");
        runner.withUserConfiguration(Functions.class)
                .withPropertyValues("faas.dispatcher.max-attempts=4")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(fake.specs).containsOnlyKeys("add", "describe", "echo");
                    FunctionSpec add = fake.specs.get("add");
                    assertThat(add.runtime()).isEqualTo(FunctionRuntime.JAVA);
                    assertThat(add.topics()).containsExactly("maths");
                    assertThat(add.timeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(add.maxAttempts()).isEqualTo(4);
                    assertThat(fake.specs.get("describe").maxAttempts()).isEqualTo(1);
                    assertThat(fake.specs.get("describe").maxConcurrency()).isEqualTo(2);
                    assertThat(fake.specs.get("add").maxConcurrency()).as("no limit of its own").isZero();
                    assertThat(fake.specs.get("describe").destinations())
                            .isEqualTo(new io.faas.api.Destinations("described", "undescribed"));
                    assertThat(fake.specs.get("add").destinations().isEmpty()).isTrue();
                    assertThat(fake.specs.get("describe").batching())
                            .isEqualTo(new io.faas.api.Batching(20, Duration.ofMillis(250)));
                    assertThat(fake.specs.get("add").batching().enabled()).isFalse();
                    assertThat(fake.topics).as("destinations created like topics").contains("described", "undescribed");
                    assertThat(fake.specs.get("echo").topics()).containsExactly("echoes", "maths");
                    assertThat(fake.topics).contains("echoes", "audit");

                    assertThat(fake.handlers.get("add").handle(Map.of("a", 3, "b", 4), null)).isEqualTo(7);
                    assertThat(fake.handlers.get("describe").handle(Map.of("a", 3, "b", 4), null))
                            .isEqualTo("3 and 4");
                    assertThat(fake.handlers.get("echo").handle("hi", null)).isEqualTo("hi");
                });
    }

    @Test
    void aMissingTopicFailsTheStartWhenTopicsAreNotCreated() {
        runner.withUserConfiguration(Functions.class)
                .withPropertyValues("faas.functions.create-missing-topics=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("names topic", "not registered", "faas.functions.create-missing-topics");
                });
    }

    @Test
    void argumentsAreConvertedWithTheApplicationsJsonMapper() {
        JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        runner.withBean(JsonMapper.class, () -> snakeCase)
                .withUserConfiguration(Greetings.class)
                .run(context -> {
                    FunctionHandler greet = fake.handlers.get("greet");
                    assertThat(greet.handle(Map.of("first_name", "Ada", "year_of_birth", 1815), null))
                            .isEqualTo("Ada, 1815");
                });
    }

    @Test
    void withoutAJsonMapperOfTheApplicationsAPlainOneConverts() {
        runner.withUserConfiguration(Greetings.class).run(context -> {
            FunctionHandler greet = fake.handlers.get("greet");
            assertThat(greet.handle(Map.of("firstName", "Ada", "yearOfBirth", 1815), null)).isEqualTo("Ada, 1815");
        });
    }

    @Test
    void anAnnotationsFilterAppliesToEachOfItsTopicsAndABadOneFailsTheStartNamingIt() {
        runner.withUserConfiguration(Filtered.class)
                .withPropertyValues("orders.type=created")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FunctionSpec spec = fake.specs.get("big");
                    assertThat(spec.topics()).containsExactly("orders", "refunds");
                    Map<String, Object> pattern = Map.of("type", List.of("created"),
                            "amount", List.of(Map.of("numeric", List.of(">", 100L))));
                    assertThat(spec.filterFor("orders").orElseThrow().pattern()).isEqualTo(pattern);
                    assertThat(spec.filterFor("refunds").orElseThrow().pattern()).isEqualTo(pattern);
                });
        runner.withUserConfiguration(BadlyFiltered.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("@FaasFunction of",
                    "amount: numeric needs a comparison and a number");
        });
        runner.withUserConfiguration(NotJsonFiltered.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("filter is not JSON");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Filtered {
        @Bean
        @FaasFunction(name = "big", topics = {"orders", "refunds"},
                filter = "{\"type\": [\"${orders.type}\"], \"amount\": [{\"numeric\": [\">\", 100]}]}")
        FunctionHandler big() {
            return (event, context) -> event;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadlyFiltered {
        @Bean
        @FaasFunction(name = "bad", topics = "orders", filter = "{\"amount\": [{\"numeric\": [\">\"]}]}")
        FunctionHandler bad() {
            return (event, context) -> event;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotJsonFiltered {
        @Bean
        @FaasFunction(name = "bad", topics = "orders", filter = "type=created")
        FunctionHandler bad() {
            return (event, context) -> event;
        }
    }

    @Test
    void anExceptionOfTheMethodIsTheFunctionsError() {
        runner.withUserConfiguration(Failing.class).run(context -> {
            FunctionHandler handler = fake.handlers.get("fails");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.handle(Map.of(), null))
                    .isInstanceOf(ArithmeticException.class).hasMessage("boom");
        });
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    record Pair(int a, int b) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Functions {

        @Bean
        Maths maths() {
            return new Maths();
        }

        @Bean
        @FaasFunction(topics = {"echoes", "maths"})
        FunctionHandler echo() {
            return (event, context) -> event;
        }
    }

    static class Maths {

        @FaasFunction(name = "add", topics = "maths", timeout = "5s")
        int add(Map<String, Integer> event, FunctionContext context) {
            return event.get("a") + event.get("b");
        }

        @FaasFunction(name = "describe", topics = "audit", maxAttempts = 1, maxConcurrency = 2,
                onSuccess = "described", onFailure = "${faas-test.failures:undescribed}", batchSize = 20,
                batchWindow = "250ms")
        String describe(Pair pair) {
            return pair.a() + " and " + pair.b();
        }
    }

    record Person(String firstName, int yearOfBirth) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Greetings {
        @Bean
        Object greetings() {
            return new Object() {
                @FaasFunction(name = "greet", topics = "people")
                public String greet(Person person) {
                    return person.firstName() + ", " + person.yearOfBirth();
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Failing {
        @Bean
        Object failing() {
            return new Object() {
                @FaasFunction(name = "fails")
                public int fails(Object event) {
                    throw new ArithmeticException("boom");
                }
            };
        }
    }
}
