// Who is signed in. Filled by main.js from GET /api/auth/me.
export const session = {
  user: null,
  team: null,
  get isAdmin() {
    return Boolean(this.user && this.user.role === "admin");
  },
};
