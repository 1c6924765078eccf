/** Online backup of a database file and restoring a backup in place of a closed one. Internal. */
package dev.flujo.runtime.internal.backup;
