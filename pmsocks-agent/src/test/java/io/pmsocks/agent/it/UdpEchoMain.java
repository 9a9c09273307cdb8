package io.pmsocks.agent.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/** {@code UdpEchoMain ADDRESS PORT}: echoes datagrams, prints {@code ready ADDRESS:PORT}. */
public final class UdpEchoMain {

    private UdpEchoMain() {
    }

    public static void main(String[] args) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(
                new InetSocketAddress(args[0], Integer.parseInt(args[1])))) {
            System.out.println("ready " + args[0] + ":" + socket.getLocalPort());
            byte[] buffer = new byte[2048];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(),
                        packet.getSocketAddress()));
            }
        }
    }
}
