package io.pmsocks.namesit;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A gRPC server with the standard health service, on gRPC's default transport: {@code ADDRESS PORT}; prints
 * {@code ready ADDRESS:PORT} once listening and {@code accepted PEER} for each client transport (connection) it
 * sees, as the test kit's servers do.
 */
public final class GrpcHealthServer {

    private GrpcHealthServer() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        Server server = NettyServerBuilder.forAddress(bind)
                .addService(new HealthStatusManager().getHealthService())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        Lines.println("accepted " + attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                        return attributes;
                    }
                })
                .build()
                .start();
        Lines.println("ready " + args[0] + ":" + server.getPort());
        server.awaitTermination();
    }
}
