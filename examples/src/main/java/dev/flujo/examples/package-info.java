/** A workflow state store on Flujo-generated DAOs, and a demo that runs it end to end. */
package dev.flujo.examples;
