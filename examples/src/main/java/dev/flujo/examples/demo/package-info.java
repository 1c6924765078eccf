/** The demo of README command 1: simulated workflows, a restart, and a summary. */
package dev.flujo.examples.demo;
