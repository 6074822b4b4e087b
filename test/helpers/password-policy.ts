// Moved to test/handlers/password-policy.ts (fixtures next to the handler tests); kept for the tests that still import it here.
export { LAB_PASSWORD_POLICY } from '../handlers/password-policy';
