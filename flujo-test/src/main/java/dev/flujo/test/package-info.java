/**
 * Testing support for applications built on Flujo: {@link dev.flujo.test.FlujoDatabase}, a JUnit 5
 * extension that gives each test a fresh {@code StateDatabase} on SQLite or PostgreSQL, and {@link
 * dev.flujo.test.PostgresServer}, the PostgreSQL server it uses.
 */
package dev.flujo.test;
