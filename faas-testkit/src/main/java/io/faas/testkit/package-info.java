/**
 * Test support for faas and for host applications: an embedded Kafka broker
 * ({@link io.faas.testkit.EmbeddedKafka}) and MongoDB-wire server
 * ({@link io.faas.testkit.EmbeddedMongo}), a JUnit Jupiter extension that shares them across a
 * test run ({@link io.faas.testkit.FaasTest}, {@link io.faas.testkit.FaasTestServers}), and test
 * doubles of the contract ({@link io.faas.testkit.RecordingEventPublisher},
 * {@link io.faas.testkit.InMemoryTopicRegistry}, {@link io.faas.testkit.InMemoryFunctionRegistry}),
 * and stand-ins for remote machines: a real OpenSSH server on a loopback port with throwaway keys
 * ({@link io.faas.testkit.EmbeddedSshd}) and an EC2 Query API endpoint
 * ({@link io.faas.testkit.Ec2QueryEndpoint}); and {@link io.faas.testkit.IndexCoverage}, which checks that
 * an index serves a query's shape.
 *
 * @since 0.1
 */
package io.faas.testkit;
