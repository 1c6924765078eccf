/** Statement execution, the in-process write lock and thread-bound transactions. */
package dev.flujo.runtime.internal.tx;
