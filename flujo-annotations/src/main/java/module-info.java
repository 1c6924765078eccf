/**
 * The annotations a Flujo state class, query interface or retried service carries. Read at
 * compile time by the Flujo processor (retained in class files, never read reflectively), so an
 * application module may require it {@code static}.
 */
module dev.flujo.annotations {
  exports dev.flujo.annotations;
}
