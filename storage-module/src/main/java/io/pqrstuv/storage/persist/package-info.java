/**
 * What the secure storage ({@code store}) and its roots of trust ({@code vault}) both stand on:
 * the storage failure types and crash-safe file primitives. Below both, so neither depends on the
 * other through it.
 */
package io.pqrstuv.storage.persist;
