package io.faas.testkit;

import io.faas.testkit.internal.SharedServers;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that injects {@link FaasTestServers} into test methods, lifecycle
 * methods ({@code @BeforeAll static} included) and test class constructors. Usually applied
 * through {@link FaasTest @FaasTest}; {@code @ExtendWith(FaasExtension.class)} works the same.
 *
 * <p>One {@link FaasTestServers} serves every test class of a test run: it lives in the root
 * extension context store, each server starts the first time a test asks for its address, and
 * everything started is closed when the run ends. See {@link FaasTestServers} for where the
 * servers come from.
 *
 * <p>Thread-safe; works with parallel test execution.
 *
 * @since 0.1
 */
public final class FaasExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaasExtension.class);

    /** Called by JUnit. */
    public FaasExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FaasTestServers.class;
    }

    @Override
    public FaasTestServers resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return servers(extensionContext);
    }

    /**
     * The servers of the test run that {@code context} belongs to, for other extensions.
     */
    public static FaasTestServers servers(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedServers.class, key -> SharedServers.fromEnvironment(), SharedServers.class);
    }
}
