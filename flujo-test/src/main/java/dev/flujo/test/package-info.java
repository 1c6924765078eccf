/**
 * Testing support for applications built on Flujo: {@link dev.flujo.test.FlujoDatabase}, a JUnit 5
 * extension that gives each test a fresh {@code StateDatabase}.
 */
package dev.flujo.test;
