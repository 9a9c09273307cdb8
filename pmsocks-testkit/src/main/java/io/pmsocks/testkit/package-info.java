/**
 * Shared support for pmsocks' integration tests: a firewall built from network namespaces ({@link
 * io.pmsocks.testkit.Topology}), a real Dante sockd in it ({@link io.pmsocks.testkit.Dante}) whose log proves what
 * went through it ({@link io.pmsocks.testkit.DanteLog}), small servers to connect to ({@link
 * io.pmsocks.testkit.EchoServer}, {@link io.pmsocks.testkit.StalledServer}, {@link
 * io.pmsocks.testkit.FakeSocksServer}), a real pmcd and pminfo to compare with ({@link io.pmsocks.testkit.Pmcd},
 * {@link io.pmsocks.testkit.Pminfo}), child JVMs ({@link io.pmsocks.testkit.ChildJvm}), and the skipping rules
 * for machines that cannot run them ({@link io.pmsocks.testkit.Requirements}).
 */
package io.pmsocks.testkit;
