package dev.twinsock.junit5;

import dev.twinsock.Sockets;
import dev.twinsock.sim.SimNetwork;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension of twinsock: it hands a test a seeded {@link SimNetwork} or a real-kernel
 * {@code OsSockets}, runs a {@link TwinTest} on both, cleans up after it, and makes a failure replayable.
 *
 * <pre>{@code
 * @ExtendWith(TwinsockExtension.class)
 * class EchoTest {
 *   @Test
 *   void echoes(SimNetwork net) { ... }          // a network seeded for this test
 *
 *   @Test @Seed(42)
 *   void replays(SimNetwork net) { ... }         // the seed a failure reported
 *
 *   @SimSeeds(100)
 *   void survivesLoss(SimNetwork net) { ... }    // once per seed, each invocation named "seed N"
 * }
 * }</pre>
 *
 * <p><b>The network.</b> A parameter of type {@code SimNetwork} — of the test method, of its
 * {@code @BeforeEach} and {@code @AfterEach} methods, or of the constructor — is one network per
 * test, the same instance everywhere in that test. It is built from {@link SimNetwork#builder()},
 * passed through the method {@link ConfigureNetwork} names, if any, then given the test's seed.
 * Hosts, links, faults and tasks are the test's business: it may spawn tasks and {@code run()}, or
 * drive the network from the test thread alone. After the test the network is closed, which ends
 * any task still waiting. A network per class ({@code @BeforeAll}, or the constructor under {@code
 * Lifecycle.PER_CLASS}) is refused: a shared network would tie each test's run to the others'.
 *
 * <p><b>Seeds.</b> By default a test's seed is derived from its unique id: the same on every run
 * and machine, different between tests. {@link Seed} fixes it; the configuration parameter or
 * system property {@code twinsock.seed} overrides it for every test that runs; {@code
 * twinsock.seeds=random} draws fresh seeds instead, to explore. {@link SimSeeds} runs a test once
 * per seed.
 *
 * <p><b>Strictness.</b> After a passing test the extension calls {@link
 * SimNetwork#checkNoOpenSockets()}: a leaked socket fails the test, naming the line that created
 * it. {@link AllowOpenSockets} opts out.
 *
 * <p><b>Failures.</b> The failing exception keeps its message; the extension adds a suppressed
 * exception that reads {@code twinsock: seed 42 — replay with @Seed(42) or -Dtwinsock.seed=42},
 * with the {@link dev.twinsock.sim.FaultPlan} if one was set and the paths of the trace it wrote,
 * as text and as pcap, to {@code target/twinsock/<test class>/<method>.txt} and {@code .pcap}
 * (with {@code -<seed>} before the extension when the method runs more than once; the directory is
 * the parameter or property {@code twinsock.traceDir}). The same facts are published as report
 * entries. A failure by a leak check is reported the same way; an aborted test is not. Every kind
 * of failure carries the report: one whose type refuses suppressed exceptions arrives wrapped in
 * an {@code AssertionError} whose cause it is.
 *
 * <p><b>The real kernel.</b> A parameter of type {@code OsSockets} is one instance per test,
 * closed after it, which closes every socket it created. A passing test is first checked with
 * {@code OsSockets.checkNoOpenSockets()}, as strictly as the sim; {@link AllowOpenSockets} opts
 * out here too. twinsock-os is an optional dependency of this module: a test that uses the sim
 * alone needs neither it nor jnr's native jars.
 *
 * <p><b>Twin tests.</b> A {@link TwinTest} runs as {@code [sim]} and {@code [os]}, its {@link
 * Sockets} parameter a host of the seeded network, then an {@code OsSockets}, its {@link
 * TwinEnvironment} parameter what differs between the two.
 *
 * <p>The extension never sleeps and never reads the clock; time in a test is the network's virtual
 * time.
 */
public final class TwinsockExtension
    implements ParameterResolver, TestTemplateInvocationContextProvider, AfterEachCallback, InvocationInterceptor {
  static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TwinsockExtension.class);
  /** The key of the seed a {@link SimSeeds} invocation leaves in its store. */
  static final String SWEEP_SEED = "sweep seed";
  /** The key of the backend a {@link TwinTest} invocation leaves in its store. */
  static final String TWIN_BACKEND = "twin backend";
  /** The key of a test's {@code OsSockets} parameter, typed as {@link Sockets} so that this class never loads OsSockets. */
  private static final String OS_SOCKETS = "os sockets";

  /** The extension, as {@code @ExtendWith} and {@code @RegisterExtension} make it. */
  public TwinsockExtension() {}

  /** Constructor parameters are resolved in the test's own context, so that each test gets its own network. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == Sockets.class || type == TwinEnvironment.class) {
      return twinBackend(context) != null;
    }
    return type == SimNetwork.class || type.getName().equals(OsBackend.SOCKETS_CLASS);
  }

  private static String twinBackend(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(TWIN_BACKEND, String.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("a " + type.getSimpleName() + " belongs to one test: take it in a test"
          + " method, a @BeforeEach or @AfterEach method, or the constructor under the default per-method lifecycle,"
          + " not in " + parameter.getDeclaringExecutable());
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (type.getName().equals(OsBackend.SOCKETS_CLASS)) {
      return store.getOrComputeIfAbsent(OS_SOCKETS, key -> OsBackend.open(), Sockets.class);
    }
    String twin = twinBackend(context);
    if (type == SimNetwork.class && TwinInvocation.OS.equals(twin)) {
      throw new ParameterResolutionException("the [os] run of a @TwinTest has no SimNetwork: take a TwinEnvironment"
          + " and use its network(), present on the sim only");
    }
    if (type == SimNetwork.class) {
      return simRun(context).network;
    }
    TwinEnvironment environment = store.getOrComputeIfAbsent(TwinEnvironment.class,
        key -> newTwin(context, twin), TwinEnvironment.class);
    return type == Sockets.class ? environment.sockets() : environment;
  }

  private static SimRun simRun(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(SimRun.class, key -> newRun(context), SimRun.class);
  }

  private static TwinEnvironment newTwin(ExtensionContext context, String backend) {
    if (backend.equals(TwinInvocation.SIM)) {
      return TwinEnvironment.simulated(simRun(context).network);
    }
    try {
      return TwinEnvironment.real();
    } catch (NoClassDefFoundError missing) {
      throw new ParameterResolutionException("the [os] run of a @TwinTest needs twinsock-os on the test classpath:"
          + " add the dependency dev.twinsock:twinsock-os (test scope); " + missing, missing);
    }
  }

  private static SimRun newRun(ExtensionContext context) {
    Long sweepSeed = context.getStore(NAMESPACE).get(SWEEP_SEED, Long.class);
    long seed = sweepSeed != null ? sweepSeed : Seeds.forTest(context);
    SimNetwork.Builder builder = SimNetwork.builder();
    configure(context, builder);
    // a template invocation's parent is the template, itself a method; a plain test's parent is its class
    boolean repeated = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    return new SimRun(builder.seed(seed).build(), repeated);
  }

  /** Passes the builder through the method {@link ConfigureNetwork} names on the test, its class or an enclosing class. */
  private static void configure(ExtensionContext context, SimNetwork.Builder builder) {
    List<AnnotatedElement> places = new ArrayList<>();
    context.getTestMethod().ifPresent(places::add);
    places.add(context.getRequiredTestClass());
    List<Class<?>> enclosing = new ArrayList<>(context.getEnclosingTestClasses());
    Collections.reverse(enclosing); // innermost first
    places.addAll(enclosing);
    for (AnnotatedElement place : places) {
      Optional<ConfigureNetwork> annotation = AnnotationSupport.findAnnotation(place, ConfigureNetwork.class);
      if (annotation.isEmpty()) {
        continue;
      }
      Class<?> owner = place instanceof Method ? context.getRequiredTestClass() : (Class<?>) place;
      String name = annotation.get().value();
      Method method = ReflectionSupport.findMethod(owner, name, SimNetwork.Builder.class)
          .orElseThrow(() -> new ExtensionConfigurationException("@ConfigureNetwork(\"" + name + "\"): "
              + owner.getName() + " has no method " + name + "(SimNetwork.Builder)"));
      Object target = null;
      if (!Modifier.isStatic(method.getModifiers())) {
        target = context.getTestInstances().flatMap(instances -> instances.findInstance(owner))
            .orElseThrow(() -> new ExtensionConfigurationException("@ConfigureNetwork(\"" + name + "\"): "
                + method + " is not static, and the network is taken before the test instance exists"
                + " (by the constructor): make the method static"));
      }
      ReflectionSupport.invokeMethod(method, target, builder);
      return;
    }
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestMethod(), SimSeeds.class)
        || AnnotationSupport.isAnnotated(context.getTestMethod(), TwinTest.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    if (AnnotationSupport.isAnnotated(context.getTestMethod(), TwinTest.class)) {
      if (AnnotationSupport.isAnnotated(context.getTestMethod(), SimSeeds.class)) {
        throw new ExtensionConfigurationException("a method is a @TwinTest or a @SimSeeds sweep, not both: "
            + context.getRequiredTestMethod());
      }
      return Stream.of(new TwinInvocation(TwinInvocation.SIM), new TwinInvocation(TwinInvocation.OS));
    }
    int count = AnnotationSupport.findAnnotation(context.getTestMethod(), SimSeeds.class).orElseThrow().value();
    return LongStream.of(Seeds.sweep(context, count)).mapToObj(SeedInvocation::new);
  }

  /**
   * Reports a failure with its seed, checks a passing test for open sockets, and closes what the
   * test was given. It runs after the test's {@code @AfterEach} methods, which may still close sockets.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SimRun run = store.remove(SimRun.class, SimRun.class);
    Sockets os = store.remove(OS_SOCKETS, Sockets.class);
    TwinEnvironment twin = store.remove(TwinEnvironment.class, TwinEnvironment.class);
    try {
      if (run != null) {
        check(context, run);
      }
      if (context.getExecutionException().isEmpty() && !allowsOpenSockets(context)) {
        if (os != null) {
          OsBackend.checkNoOpenSockets(os);
        }
        if (twin != null) {
          twin.checkNoOpenSockets();
        }
      }
    } finally {
      try {
        if (run != null) {
          run.close();
        }
      } finally {
        try {
          if (os != null) {
            os.close();
          }
        } finally {
          if (twin != null) {
            twin.close();
          }
        }
      }
    }
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    proceedReported(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    proceedReported(invocation, context);
  }

  @Override
  public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    proceedReported(invocation, context);
  }

  @Override
  public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    proceedReported(invocation, context);
  }

  /** Makes sure a failure on a network can carry its report, whatever its type: see {@link FailureReport#carrier}. */
  private static void proceedReported(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
    try {
      invocation.proceed();
    } catch (Throwable failure) {
      SimRun run = context.getStore(NAMESPACE).get(SimRun.class, SimRun.class);
      throw run == null || failure instanceof TestAbortedException ? failure : FailureReport.carrier(run, failure);
    }
  }

  private static void check(ExtensionContext context, SimRun run) {
    Optional<Throwable> failure = context.getExecutionException();
    if (failure.isPresent()) {
      if (!(failure.get() instanceof TestAbortedException)) {
        FailureReport.attach(context, run, failure.get());
      }
      return;
    }
    if (allowsOpenSockets(context)) {
      return;
    }
    try {
      run.network.checkNoOpenSockets();
    } catch (IllegalStateException leak) {
      FailureReport.attach(context, run, leak);
      throw leak;
    }
  }

  private static boolean allowsOpenSockets(ExtensionContext context) {
    if (AnnotationSupport.isAnnotated(context.getTestMethod(), AllowOpenSockets.class)
        || AnnotationSupport.isAnnotated(context.getTestClass(), AllowOpenSockets.class)) {
      return true;
    }
    return context.getEnclosingTestClasses().stream()
        .anyMatch(type -> AnnotationSupport.isAnnotated(type, AllowOpenSockets.class));
  }
}
