package io.pmsocks.nativeit;

import com.sun.tools.attach.VirtualMachine;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;

/**
 * Netty's epoll initialised before the agent is attached: {@code AGENT_JAR AGENT_OPTIONS}. Prints
 * {@code before BOOLEAN} (epoll's availability), attaches the agent to itself, prints {@code after BOOLEAN}, then
 * the failure of an explicit epoll event loop (or {@code created}). Needs {@code -Djdk.attach.allowAttachSelf=true}.
 */
public final class AttachProbe {

    private AttachProbe() {
    }

    public static void main(String[] args) throws Exception {
        Lines.println("before " + Epoll.isAvailable());
        VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
        try {
            self.loadAgent(args[0], args[1]);
        } finally {
            self.detach();
        }
        Lines.println("after " + Epoll.isAvailable());
        try {
            new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()).shutdownGracefully();
            Lines.println("created");
        } catch (Throwable e) {
            Lines.failure(e);
        }
    }
}
