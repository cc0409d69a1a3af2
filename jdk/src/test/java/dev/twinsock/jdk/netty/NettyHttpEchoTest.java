package dev.twinsock.jdk.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinsock.os.OsSockets;
import dev.twinsock.sim.SimHost;
import dev.twinsock.sim.SimNetwork;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Unmodified Netty (NIO transport, HTTP codec and aggregator) on twinsock event loops: every answer
 * checked, on a faulty simulated network (twice per seed, with equal traces) and on the real kernel.
 */
class NettyHttpEchoTest {
  private static final int CLIENTS = 3;
  private static final int REQUESTS = 20;

  /** One run on a fresh network: latency, jitter and 3% loss each way. Returns the trace hash. */
  private static String onSim(long seed) {
    try (SimNetwork net = SimNetwork.builder().seed(seed).build()) {
      SimHost server = net.addHost("server", "10.0.0.1");
      SimHost client = net.addHost("client", "10.0.0.2");
      net.link(server, client).latency(Duration.ofMillis(20)).jitter(Duration.ofMillis(5)).loss(0.03);
      int checked = HttpEcho.run(server, client, server.ipv4(), CLIENTS, REQUESTS, new HttpEcho.Await() {
        @Override
        public void until(Future<?> future) {
          net.runUntil(future::isDone);
        }

        @Override
        public void terminated(EventExecutorGroup group) {
          net.runUntil(group::isTerminated);
        }
      });
      assertEquals(CLIENTS * REQUESTS, checked);
      net.run(); // the loops' tasks end once their groups have terminated
      net.checkNoOpenSockets();
      return net.trace().hash();
    }
  }

  @Test
  void echoesOverLossyLinksAndTheSameSeedGivesTheSameTrace() {
    String first = onSim(7);
    String second = onSim(7);
    assertEquals(first, second, "seed 7 run twice");
    assertNotEquals(first, onSim(8), "another seed draws other delays and losses");
  }

  @Test
  void echoesOverTheRealKernelOnLoopback() {
    try (OsSockets os = new OsSockets()) {
      int checked = HttpEcho.run(os, os, "127.0.0.1", CLIENTS, REQUESTS, new HttpEcho.Await() {
        @Override
        public void until(Future<?> future) {
          assertTrue(future.awaitUninterruptibly(30, TimeUnit.SECONDS), "a Netty future did not complete");
        }

        @Override
        public void terminated(EventExecutorGroup group) {
          try {
            assertTrue(group.awaitTermination(30, TimeUnit.SECONDS), "the loops did not end");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
      });
      assertEquals(CLIENTS * REQUESTS, checked);
      os.checkNoOpenSockets();
    }
  }
}
