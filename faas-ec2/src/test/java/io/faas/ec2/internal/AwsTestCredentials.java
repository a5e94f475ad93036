package io.faas.ec2.internal;

/**
 * Puts throwaway credentials where the AWS SDK's default chain looks first (system properties),
 * so the code under test keeps using the default chain; real credentials, if any, are never used
 * because the endpoint is always overridden.
 */
final class AwsTestCredentials {

    private AwsTestCredentials() {
    }

    static void install() {
        System.setProperty("aws.accessKeyId", "AKIDFAASTEST");
        System.setProperty("aws.secretAccessKey", "faas-test-secret");
    }
}
