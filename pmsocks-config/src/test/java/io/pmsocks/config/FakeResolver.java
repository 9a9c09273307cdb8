package io.pmsocks.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A resolver whose answers the test decides, and which remembers what it was asked. */
final class FakeResolver implements HostResolver {

    private final Map<String, List<InetAddress>> names = new HashMap<>();
    private String localHostName = "myhost";
    final List<String> lookups = new ArrayList<>();

    /** {@code addresses} are literals, so building them queries nothing. */
    FakeResolver with(String name, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String address : addresses) {
            list.add(Configs.address(address));
        }
        names.put(name, list);
        return this;
    }

    FakeResolver localHostName(String name) {
        localHostName = name;
        return this;
    }

    @Override
    public List<InetAddress> resolve(String name) throws UnknownHostException {
        lookups.add(name);
        List<InetAddress> addresses = names.get(name);
        if (addresses == null) {
            throw new UnknownHostException(name + ": Name or service not known");
        }
        return addresses;
    }

    @Override
    public String localHostName() throws UnknownHostException {
        if (localHostName == null) {
            throw new UnknownHostException("gethostname failed");
        }
        return localHostName;
    }
}
