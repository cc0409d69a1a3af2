package dev.twinsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jnr.constants.Constant;
import org.junit.jupiter.api.Test;

/** Every constant that jnr-constants also knows has jnr-constants' value for this platform. */
class SocketConstantsTest {
  private static final List<Class<? extends Enum<?>>> TABLES = List.of(
      jnr.constants.platform.AddressFamily.class,
      jnr.constants.platform.Sock.class,
      jnr.constants.platform.SocketMessage.class,
      jnr.constants.platform.SocketOption.class,
      jnr.constants.platform.SocketLevel.class,
      jnr.constants.platform.IPProto.class,
      jnr.constants.platform.TCP.class,
      jnr.constants.platform.IP.class,
      jnr.constants.platform.Shutdown.class,
      jnr.constants.platform.Multicast.class,
      jnr.constants.platform.AddressInfo.class,
      jnr.constants.platform.SocketControlMessage.class,
      jnr.constants.platform.ErrnoAddressInfo.class,
      jnr.constants.platform.UDP.class);

  @Test
  void everyConstantJnrKnowsHasJnrsPlatformValue() throws Exception {
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (Field f : SocketConstants.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
        continue;
      }
      String name = f.getName();
      Optional<Constant> known = name.startsWith("SOCKET_E")
          ? lookup(jnr.constants.platform.Errno.class, name.substring("SOCKET_".length()))
          : TABLES.stream().map(t -> lookup(t, name)).flatMap(Optional::stream).findFirst();
      if (known.isPresent()) {
        compared++;
        if (known.get().intValue() != f.getInt(null)) {
          mismatches.add(name + " = " + f.getInt(null) + " but jnr-constants says " + known.get().intValue());
        }
      }
    }
    assertEquals(List.of(), mismatches);
    assertTrue(compared > 150, "only " + compared + " constants compared");
  }

  @Test
  void phpReadModesHaveTheSeedsValues() {
    assertEquals(1, SocketConstants.PHP_NORMAL_READ);
    assertEquals(2, SocketConstants.PHP_BINARY_READ);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Optional<Constant> lookup(Class<? extends Enum<?>> table, String name) {
    try {
      Constant c = (Constant) Enum.valueOf((Class) table, name);
      return c.defined() ? Optional.of(c) : Optional.empty();
    } catch (IllegalArgumentException notInThisTable) {
      return Optional.empty();
    }
  }
}
