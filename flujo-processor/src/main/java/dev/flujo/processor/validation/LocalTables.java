package dev.flujo.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.flujo.processor.model.Annotations;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Finds {@code @StateTable} on classes declared inside a method, initializer or lambda. The
 * annotation-processing API never shows such classes to a processor, so without this scan the
 * annotation would be silently ignored. Method bodies are not attributed yet when processors run,
 * so the annotation is recognised by name: {@code @dev.flujo.annotations.StateTable}, or {@code
 * @StateTable} in a file that imports it (singly or on demand) or lives in its package.
 */
public final class LocalTables {
  private static final String PACKAGE = "dev.flujo.annotations";

  private LocalTables() {}

  /** Reports an error on each local {@code @StateTable} class in the sources of {@code roots}. */
  public static void report(Trees trees, Iterable<? extends Element> roots) {
    Set<CompilationUnitTree> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Element root : roots) {
      if (!(root instanceof TypeElement)) {
        continue;
      }
      TreePath path = trees.getPath(root);
      if (path == null || !seen.add(path.getCompilationUnit())) {
        continue;
      }
      CompilationUnitTree unit = path.getCompilationUnit();
      new Scanner(trees, unit, simpleNameVisible(unit)).scan(unit, null);
    }
  }

  private static boolean simpleNameVisible(CompilationUnitTree unit) {
    if (unit.getPackageName() != null && unit.getPackageName().toString().equals(PACKAGE)) {
      return true;
    }
    for (ImportTree anImport : unit.getImports()) {
      String name = anImport.getQualifiedIdentifier().toString();
      if (!anImport.isStatic()
          && (name.equals(Annotations.STATE_TABLE) || name.equals(PACKAGE + ".*"))) {
        return true;
      }
    }
    return false;
  }

  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final CompilationUnitTree unit;
    private final boolean simpleNameVisible;

    Scanner(Trees trees, CompilationUnitTree unit, boolean simpleNameVisible) {
      this.trees = trees;
      this.unit = unit;
      this.simpleNameVisible = simpleNameVisible;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      if (isLocal(getCurrentPath())) {
        for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
          String name = annotation.getAnnotationType().toString();
          if (name.equals(Annotations.STATE_TABLE)
              || (simpleNameVisible && name.equals("StateTable"))) {
            trees.printMessage(
                Diagnostic.Kind.ERROR,
                String.format(Errors.TABLE_LOCAL, tree.getSimpleName()),
                annotation,
                unit);
          }
        }
      }
      return super.visitClass(tree, unused);
    }

    private static boolean isLocal(TreePath path) {
      for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
        Tree leaf = p.getLeaf();
        if (leaf instanceof BlockTree || leaf instanceof LambdaExpressionTree) {
          return true;
        }
      }
      return false;
    }
  }
}
