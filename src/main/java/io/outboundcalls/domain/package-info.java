/**
 * What domain code throws when a request breaks a rule (bad input, an unknown record, a state that forbids the
 * action, a missing permission). Depends on nothing else of the engine; the web layer alone decides what HTTP makes
 * of it (ProblemHandler).
 */
package io.outboundcalls.domain;
