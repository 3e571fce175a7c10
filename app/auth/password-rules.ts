/** Password length rules, shared by the forms (client and server) and the hashing code. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 255;
