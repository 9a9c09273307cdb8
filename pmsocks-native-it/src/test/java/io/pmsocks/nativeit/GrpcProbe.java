package io.pmsocks.nativeit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC client on gRPC's default transport (grpc-netty-shaded, which picks its shaded epoll when available):
 * {@code HOST PORT}. Prints {@code epoll available BOOLEAN}, then {@code status SERVING} or the failure.
 */
public final class GrpcProbe {

    private GrpcProbe() {
    }

    public static void main(String[] args) throws Exception {
        Lines.println("epoll available " + io.grpc.netty.shaded.io.netty.channel.epoll.Epoll.isAvailable());
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
