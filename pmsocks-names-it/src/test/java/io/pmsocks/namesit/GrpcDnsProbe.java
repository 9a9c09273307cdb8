package io.pmsocks.namesit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC health call on gRPC's defaults: the grpc-netty-shaded transport and gRPC's DNS name resolver, which looks
 * the name up with {@code InetAddress.getAllByName}: {@code HOST PORT}. Prints {@code status SERVING} or the
 * failure.
 */
public final class GrpcDnsProbe {

    private GrpcDnsProbe() {
    }

    public static void main(String[] args) throws Exception {
        // forAddress gives the target "HOST:PORT", which gRPC hands to its default (DNS) resolver
        ManagedChannel channel = ManagedChannelBuilder.forAddress(args[0], Integer.parseInt(args[1]))
                .usePlaintext().build();
        try {
            Lines.println("status " + HealthGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        } catch (StatusRuntimeException e) {
            Lines.failure(e);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
