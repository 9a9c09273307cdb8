package io.pmsocks.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code : shell_cmd} of a rule, as a template: {@link #expand} fills in the substitutions
 * of SPEC §2. Running the result ({@code /bin/sh -c}) is the caller's job.
 *
 * <table>
 * <caption>Substitutions</caption>
 * <tr><td>{@code %A}</td><td>local host name</td></tr>
 * <tr><td>{@code %a}</td><td>local address</td></tr>
 * <tr><td>{@code %c}</td><td>{@code connect}</td></tr>
 * <tr><td>{@code %p}</td><td>process id</td></tr>
 * <tr><td>{@code %S}</td><td>destination service name, else the port</td></tr>
 * <tr><td>{@code %s}</td><td>destination port</td></tr>
 * <tr><td>{@code %U}</td><td>login name</td></tr>
 * <tr><td>{@code %u}</td><td>effective user name</td></tr>
 * <tr><td>{@code %Z}</td><td>destination host name if known, else its address</td></tr>
 * <tr><td>{@code %z}</td><td>destination address</td></tr>
 * <tr><td>{@code %%}</td><td>a percent sign</td></tr>
 * </table>
 *
 * <p>A {@code %} followed by any other character, or ending the template, is kept as written:
 * CSTC did the same, and dropping it would silently change the user's command. A value that is
 * not known (the address of a name that did not resolve, a login name the JVM could not find)
 * becomes {@code unknown}, so that the words of the command keep their places.
 *
 * <p>Every substituted value is sanitised: characters other than ASCII letters, digits and
 * {@code !@%-_=+\:,./} become {@code _}; so do a {@code -} that starts a value (it would be
 * read as an option by the command it is given to) and a {@code \} that ends one (it would
 * escape the character of the template that follows). The values come from the network and
 * the application (a host name is whatever the application passed), and they end up in a
 * shell command line. With those rules a value is always one word of the shell; quoting it in
 * the template ({@code '%Z'}) is still good practice and keeps working.
 */
public record ShellCommand(String template) {

    /** Substituted for a value that is not known. */
    public static final String UNKNOWN = "unknown";

    private static final String ALLOWED_PUNCTUATION = "!@%-_=+\\:,./";

    public ShellCommand {
        Objects.requireNonNull(template, "template");
    }

    /** The rule's command, if it has one. */
    public static Optional<ShellCommand> of(Rule rule) {
        return rule.shell().map(ShellCommand::new);
    }

    /**
     * What the substitutions are replaced with, for one connect. Any value may be {@code null}
     * when not known, except {@code port}.
     *
     * @param localHostName this host's name ({@code %A})
     * @param localAddress this host's address ({@code %a})
     * @param processId the JVM's process id ({@code %p}), or a negative number if not known
     * @param serviceName the service name of the destination port ({@code %S}), or {@code null}
     * @param port the destination port ({@code %s})
     * @param loginName the login name ({@code %U})
     * @param effectiveUser the effective user name ({@code %u})
     * @param destinationHostName the host name the application gave ({@code %Z}), or {@code null}
     * @param destinationAddress the destination address ({@code %z}), or {@code null}
     */
    public record Context(
            String localHostName,
            String localAddress,
            long processId,
            String serviceName,
            int port,
            String loginName,
            String effectiveUser,
            String destinationHostName,
            String destinationAddress) {

        public Context {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** The destination parts taken from what the rule set decided on. */
        public static Context of(Destination destination, String serviceName,
                String localHostName, String localAddress, long processId, String loginName,
                String effectiveUser) {
            InetAddress address = destination.address();
            return new Context(localHostName, localAddress, processId, serviceName,
                    destination.port(), loginName, effectiveUser, destination.hostName(),
                    address == null ? null : address.getHostAddress());
        }
    }

    /** The command with every substitution replaced by its sanitised value. */
    public String expand(Context context) {
        Objects.requireNonNull(context, "context");
        StringBuilder command = new StringBuilder(template.length() + 32);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                command.append(c);
                continue;
            }
            char code = template.charAt(i + 1);
            String value = valueOf(code, context);
            if (value == null) {
                command.append(c);
            } else {
                appendSanitised(command, value);
                i++;
            }
        }
        return command.toString();
    }

    /** The value for {@code %code}, or {@code null} when {@code code} is no substitution. */
    private static String valueOf(char code, Context context) {
        switch (code) {
            case 'A': return known(context.localHostName());
            case 'a': return known(context.localAddress());
            case 'c': return "connect";
            case 'p': return context.processId() < 0 ? UNKNOWN
                    : Long.toString(context.processId());
            case 'S': return context.serviceName() != null && !context.serviceName().isEmpty()
                    ? context.serviceName() : Integer.toString(context.port());
            case 's': return Integer.toString(context.port());
            case 'U': return known(context.loginName());
            case 'u': return known(context.effectiveUser());
            case 'Z': return context.destinationHostName() != null
                    && !context.destinationHostName().isEmpty()
                    ? context.destinationHostName() : known(context.destinationAddress());
            case 'z': return known(context.destinationAddress());
            case '%': return "%";
            default: return null;
        }
    }

    private static String known(String value) {
        return value == null || value.isEmpty() ? UNKNOWN : value;
    }

    private static void appendSanitised(StringBuilder command, String value) {
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = value.charAt(i);
            boolean safe = IpLiterals.isAsciiLetterOrDigit(c)
                    || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
            if (i == 0 && c == '-' || i == last && c == '\\') {
                safe = false;
            }
            command.append(safe ? c : '_');
        }
    }
}
