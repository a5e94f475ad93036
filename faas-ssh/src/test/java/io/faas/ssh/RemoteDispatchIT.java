package io.faas.ssh;

import io.faas.api.Faas;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.core.it.TestFaas;
import io.faas.testkit.EmbeddedSshd;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Python functions on an SSH pool through the real dispatcher: one that names the pool, one on a
 * topic bound to it (a "premium" tier), beside functions that stay local.
 */
@FaasTest
class RemoteDispatchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedSshd sshd;
    private static Faas faas;
    private static String premium;
    private static String basic;

    @BeforeAll
    static void start(FaasTestServers servers) {
        assumeTrue(EmbeddedSshd.isAvailable(), "openssh-server is not installed");
        sshd = EmbeddedSshd.builder().build().start();
        premium = servers.uniqueName("premium");
        basic = servers.uniqueName("basic");
        faas = TestFaas.create(TestFaas.settings(servers)
                .topicExecutor(premium, "ssh:fast")
                .build(), List.of(SshExecutors.pool(SshPoolSettings.builder("fast")
                        .host(sshd.host(), sshd.port())
                        .user(sshd.user())
                        .privateKey(sshd.clientKey())
                        .knownHosts(sshd.knownHosts())
                        .remoteDir(sshd.directory().resolve("faas").toString())
                        .applyToWorkerSettings(w -> w.memoryLimitMb(0))
                        .build())));
        faas.dispatcher().start();
    }

    @AfterAll
    static void stop() {
        if (faas != null) {
            faas.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void functionsRunWhereTheirSpecOrTheirTopicsTierSaysAndTheLedgerNamesThePool() {
        faas.topics().create(Topic.of(premium));
        faas.topics().create(Topic.of(basic));
        String source = """
                import os
                def handler(event, context):
                    return {'n': event['n'] + 1, 'home': os.environ.get('HOME', '')}
                """;
        faas.functions().register(FunctionSpec.builder("named-pool").topics(basic).executor("ssh:fast").build(), source);
        faas.functions().register(FunctionSpec.python("by-tier", premium), source);
        faas.functions().register(FunctionSpec.python("stays-local", basic), source);
        faas.functions().register(FunctionSpec.builder("java-on-premium").runtime(FunctionRuntime.JAVA)
                .topics(premium).build(), (event, context) -> "java");

        List<Invocation> onBasic = faas.publisher().publishAndAwait(basic, "{\"n\":1}", WAIT);
        List<Invocation> onPremium = faas.publisher().publishAndAwait(premium, "{\"n\":41}", WAIT);

        Map<String, Invocation> byFunction = new java.util.HashMap<>();
        onBasic.forEach(i -> byFunction.put(i.function(), i));
        onPremium.forEach(i -> byFunction.put(i.function(), i));
        assertThat(byFunction.values()).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED);
        assertThat(byFunction.get("named-pool").executor()).isEqualTo("ssh:fast");
        assertThat(byFunction.get("by-tier").executor()).isEqualTo("ssh:fast");
        assertThat(byFunction.get("by-tier").result()).contains("\"n\":42");
        // Remote workers run in a private directory: the sandbox's tmpfs where the host has bubblewrap
        // (the pool's default, AUTO), else one under the pool's remote directory.
        assertThat(byFunction.get("by-tier").result()).containsAnyOf("\"home\":\"/tmp\"",
                sshd.directory().resolve("faas").resolve("run").toString());
        assertThat(byFunction.get("stays-local").executor()).isEqualTo("local");
        // The tier's pool cannot run Java: the Java function stays in-process.
        assertThat(byFunction.get("java-on-premium").executor()).isEqualTo("java");
        assertThat(byFunction.get("java-on-premium").result()).isEqualTo("\"java\"");
    }
}
