package io.faas.ec2.internal;

import io.faas.api.FunctionRuntime;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.spi.ContextualExecutor;
import io.faas.core.spi.ExecutorContext;
import io.faas.ec2.Ec2FleetSettings;
import io.faas.ssh.internal.SshExecutor;

import java.time.Clock;
import java.util.Objects;

/**
 * An EC2 fleet as one executor: the SSH executor that runs the calls on the fleet's instances and
 * the provisioner that launches and terminates them on the backlog, built when the client binds
 * it. Thread-safe.
 */
public final class Ec2FleetExecutor implements ContextualExecutor {

    private final Ec2FleetSettings settings;
    private final SshExecutor hosts;
    private volatile Ec2WorkerProvisioner provisioner;

    public Ec2FleetExecutor(Ec2FleetSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hosts = new SshExecutor(settings.executorName(), settings.ssh());
    }

    @Override
    public synchronized void bind(ExecutorContext context) {
        if (provisioner != null) {
            throw new IllegalStateException("ec2 fleet '" + settings.name() + "' is already bound to a client");
        }
        provisioner = new Ec2WorkerProvisioner(settings, hosts,
                () -> context.backlog(settings.executorName(), settings.topics()), Clock.systemUTC(),
                context.lease("ec2:" + settings.name()));
    }

    @Override
    public String name() {
        return settings.executorName();
    }

    @Override
    public boolean supports(FunctionRuntime runtime) {
        return hosts.supports(runtime);
    }

    /**
     * Starts the SSH executor, then the provisioner.
     *
     * @throws IllegalStateException if no client bound it: a fleet scales on a client's backlog
     */
    @Override
    public void start() {
        Ec2WorkerProvisioner p = provisioner;
        if (p == null) {
            throw new IllegalStateException("ec2 fleet '" + settings.name() + "' scales on a client's backlog: pass it"
                    + " to FaasClients.create(settings, executors)");
        }
        hosts.start();
        p.start();
    }

    @Override
    public boolean isRunning() {
        Ec2WorkerProvisioner p = provisioner;
        return hosts.isRunning() && p != null && p.isRunning();
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        return hosts.execute(request);
    }

    /** The provisioner, once bound; for tests and metrics. */
    public Ec2WorkerProvisioner provisioner() {
        return provisioner;
    }

    /** The SSH executor the fleet's instances join. */
    public SshExecutor hosts() {
        return hosts;
    }

    /** Stops scaling (instances keep running), then closes the SSH connections. */
    @Override
    public void close() {
        Ec2WorkerProvisioner p = provisioner;
        if (p != null) {
            p.close();
        }
        hosts.close();
    }

    @Override
    public String toString() {
        return "Ec2FleetExecutor{" + settings.name() + "}";
    }
}
