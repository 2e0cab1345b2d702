package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.topology.config.Default;
import io.apigenmt.topology.config.ListSetting;
import io.apigenmt.topology.config.Node;
import io.apigenmt.topology.config.Section;
import io.apigenmt.topology.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Every declared key is read by the code, and nothing reads a setting the declaration does not
 * know. Checked on the compiled production classes, not on source text:
 * <ul>
 *   <li>a key is <em>read</em> when the accessor of its record component is called (or passed as
 *       a method reference) by code outside the config package and outside its own record, or by
 *       a method of its record that such code calls ({@code PipelineConfig.attemptBudget} reads
 *       {@code budgets}); and every record above it in the tree is read the same way; or when a
 *       read key inherits its value (a role's {@code timeout} is {@code llm.timeout});</li>
 *   <li>no read is undeclared: each config record has exactly the declared keys as components
 *       (the declaration refuses anything else when it is built, asserted here as well), no code
 *       outside the declaration names an APIGEN_* variable, and only {@code Main} reads the
 *       process environment.</li>
 * </ul>
 */
class ConfigReadsTest {

    private static final String CONFIG_PACKAGE = "io/apigenmt/topology/config/";
    private static final Set<String> DECLARING = Set.of("io/apigenmt/topology/pipeline/PipelineConfig",
            "io/apigenmt/topology/llm/LlmSettings", "io/apigenmt/topology/pipeline/ConfigLoader");

    private static List<ClassNode> production;

    /** One declared key: the record component that holds it and the keys above it. */
    private record Key(String path, String owner, String component, List<Key> parents, String inherits) {}

    /** A use of a record component by a method: owner.component read in caller.method. */
    private record Use(String caller, String method, String owner, String component) {}

    @BeforeAll
    static void readProductionClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(PipelineConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<ClassNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    ClassNode node = new ClassNode();
                    new ClassReader(in).accept(node, ClassReader.SKIP_DEBUG);
                    nodes.add(node);
                }
            }
        }
        production = List.copyOf(nodes);
        assertThat(production).extracting(c -> c.name)
                .contains("io/apigenmt/topology/pipeline/AsyncStage", "io/apigenmt/topology/cli/Main");
    }

    @Test
    void everyDeclaredKeyIsReadByTheCode() {
        assertThat(unread(c -> true)).as("declared keys no code reads").isEmpty();
    }

    @Test
    void theCheckFindsAKeyWhoseReadersAreGone() {
        // Without the two stages that wire the drain punctuator, worker.drain_interval_ms is read
        // by nothing (as on main before issue 18): the check must say so.
        Set<String> unread = unread(c -> !c.name.endsWith("/AsyncStage") && !c.name.endsWith("/RecombineStage"));

        assertThat(unread).containsExactly("worker.drain_interval_ms");
    }

    @Test
    void everyComponentOfAConfigRecordIsADeclaredKey() {
        for (Key key : keys()) {
            Class<?> owner = load(key.owner());
            assertThat(owner.getRecordComponents()).as(key.owner()).extracting(java.lang.reflect.RecordComponent::getName)
                    .contains(key.component());
        }
        Map<String, Set<String>> declared = new HashMap<>();
        keys().forEach(k -> declared.computeIfAbsent(k.owner(), o -> new TreeSet<>()).add(k.component()));
        keys().forEach(k -> k.parents().forEach(p -> declared.computeIfAbsent(p.owner(), o -> new TreeSet<>()).add(p.component())));
        declared.forEach((owner, components) -> assertThat(load(owner).getRecordComponents()).as(owner)
                .extracting(java.lang.reflect.RecordComponent::getName).containsExactlyInAnyOrderElementsOf(components));
    }

    @Test
    void noCodeOutsideTheDeclarationNamesAnApigenVariable() {
        Pattern variable = Pattern.compile("APIGEN_[A-Z0-9_]+");
        List<String> found = new ArrayList<>();
        for (ClassNode c : production) {
            if (c.name.startsWith(CONFIG_PACKAGE) || DECLARING.contains(c.name)) {
                continue;
            }
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s && variable.matcher(s).matches()) {
                        found.add(c.name + "." + m.name + ": " + s);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void onlyMainReadsTheProcessEnvironment() {
        Set<String> readers = new TreeSet<>();
        for (ClassNode c : production) {
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    boolean call = insn instanceof MethodInsnNode mi && mi.owner.equals("java/lang/System") && mi.name.equals("getenv");
                    boolean reference = insn instanceof InvokeDynamicInsnNode indy && Stream.of(indy.bsmArgs)
                            .anyMatch(a -> a instanceof Handle h && h.getOwner().equals("java/lang/System") && h.getName().equals("getenv"));
                    if (call || reference) {
                        readers.add(c.name);
                    }
                }
            }
        }
        assertThat(readers).containsExactly("io/apigenmt/topology/cli/Main");
    }

    // ------------------------------------------------------------------ the analysis

    /** Paths of declared keys that no class accepted by {@code include} reads. */
    private static Set<String> unread(Predicate<ClassNode> include) {
        Set<String> readComponents = readComponents(production.stream().filter(include).toList());
        List<Key> keys = keys();
        Map<String, Key> byPath = new LinkedHashMap<>();
        keys.forEach(k -> byPath.put(k.path(), k));
        Set<String> read = new HashSet<>();
        for (Key k : keys) {
            boolean chain = readComponents.contains(k.owner() + "." + k.component())
                    && k.parents().stream().allMatch(p -> readComponents.contains(p.owner() + "." + p.component()));
            if (chain) {
                read.add(k.path());
            }
        }
        // A key that a read key inherits is read through it.
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Key k : keys) {
                if (read.contains(k.path()) && k.inherits() != null && read.add(k.inherits())) {
                    grew = true;
                }
            }
        }
        Set<String> unread = new TreeSet<>(byPath.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** "owner.component" of every config-record component that the given classes read. */
    private static Set<String> readComponents(List<ClassNode> classes) {
        Set<String> owners = new HashSet<>();
        keys().forEach(k -> {
            owners.add(k.owner());
            k.parents().forEach(p -> owners.add(p.owner()));
        });
        List<Use> uses = new ArrayList<>();
        for (ClassNode c : classes) {
            if (c.name.startsWith(CONFIG_PACKAGE)) {
                continue;
            }
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode mi && owners.contains(mi.owner)) {
                        uses.add(new Use(c.name, m.name, mi.owner, mi.name));
                    } else if (insn instanceof FieldInsnNode fi && fi.getOpcode() == Opcodes.GETFIELD && owners.contains(fi.owner)) {
                        uses.add(new Use(c.name, m.name, fi.owner, fi.name));
                    } else if (insn instanceof InvokeDynamicInsnNode indy && !indy.bsm.getOwner().equals("java/lang/runtime/ObjectMethods")) {
                        for (Object arg : indy.bsmArgs) {
                            if (arg instanceof Handle h && owners.contains(h.getOwner())) {
                                uses.add(new Use(c.name, m.name, h.getOwner(), h.getName()));
                            }
                        }
                    }
                }
            }
        }
        // Methods of a config record count when code outside it calls them, directly or through another such method.
        Set<String> usedMethods = new HashSet<>();
        uses.stream().filter(u -> !u.caller().equals(u.owner())).forEach(u -> usedMethods.add(u.owner() + "." + u.component()));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Use u : uses) {
                if (u.caller().equals(u.owner()) && !u.method().equals(u.component())
                        && usedMethods.contains(u.caller() + "." + u.method())) {
                    grew |= usedMethods.add(u.owner() + "." + u.component());
                }
            }
        }
        return usedMethods;
    }

    /** Every key of the declaration with the record component holding it. */
    private static List<Key> keys() {
        List<Key> out = new ArrayList<>();
        keys(PipelineConfig.DECLARATION, "", List.of(), out);
        return out;
    }

    private static void keys(Section section, String path, List<Key> parents, List<Key> out) {
        String owner = Type.getInternalName(section.type());
        for (Node child : section.children()) {
            boolean inline = child instanceof Section s && s.inline();
            String p = inline ? path : (path.isEmpty() ? child.name() : path + "." + child.name());
            Key key = new Key(p, owner, child.component(), parents, inheritance(child));
            if (child instanceof Section s) {
                List<Key> above = new ArrayList<>(parents);
                above.add(key);
                keys(s, p, above, out);
            } else if (child instanceof ListSetting l) {
                out.add(key);
                List<Key> above = new ArrayList<>(parents);
                above.add(key);
                keys(l.element(), p + "[]", above, out);
            } else {
                out.add(key);
            }
        }
    }

    /** The key whose value this one inherits, or null. */
    private static String inheritance(Node node) {
        return node instanceof Setting<?> s && s.fallback() instanceof Default.Inherited<?> i ? i.path() : null;
    }

    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
