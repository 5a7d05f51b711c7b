"""Accounts over HTTP: groups, people, personal tokens, sign-in links, and the browser's session.

Each handler names its least role in its policy (``api.policy``); the use case (``graph.accounts``) decides
the rest, per person: an editor manages their group's authors, everyone their own tokens. A secret (a new
token, a sign-in link) is in one answer only, marked ``Cache-Control: no-store``.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.auth import SESSION_COOKIE
from api.errors import COMMON_STATUSES, problem_specs
from api.http import public_origin
from api.policy import ADMINS, EDITORS, READ, SIGN_IN, SIGNED_IN
from graph.service import MapService, Principal, SignedIn
from schemas import (
    Caller,
    Group,
    GroupList,
    IssuedToken,
    NewGroup,
    NewToken,
    NewUser,
    SignIn,
    SignInLink,
    Token,
    TokenList,
    User,
    UserList,
    UserPatch,
)

USER_ID = Parameter(description="The person's id (their sign-in handle).")
TOKEN_ID = Parameter(description="The token's id, as listed (not its secret).")
NO_STORE = {"Cache-Control": "no-store"}
ACCOUNT_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403])
ACCOUNT_WRITE_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 409, 413, 415, 422])
SIGN_IN_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 413, 415, 422, 429])
SIGN_OUT_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 429])
# Signing out tells the browser to drop the cookie: the same expired cookie every time.
EXPIRED_SESSION = Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True, samesite="lax")


class AccountController(Controller):
    """Groups, people and their tokens."""

    tags = ["accounts"]

    @get("/me", operation_id="whoAmI", summary="Who the server takes you to be", **READ.declared())
    async def me(
        self, caller: NamedDependency[Principal], service: NamedDependency[MapService]
    ) -> Response[Caller]:
        """The caller: their account (none when anonymous), how they proved it, and a session's CSRF token.

        Browser pages read ``csrf`` here and send it as ``X-CSRF-Token`` with every write.
        """
        return Response(await service.accounts.who(caller), headers=NO_STORE)

    @post(
        "/groups",
        operation_id="createGroup",
        summary="Create a group (a desk, a class)",
        status_code=HTTP_201_CREATED,
        responses=ACCOUNT_WRITE_ERRORS,
        **ADMINS.declared(),
    )
    async def create_group(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        data: JSONBody[NewGroup],
    ) -> Group:
        """A new group; admins only."""
        return await service.accounts.add_group(caller, data)

    @get(
        "/groups",
        operation_id="listGroups",
        summary="The groups you may see",
        responses=ACCOUNT_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def list_groups(
        self, caller: NamedDependency[Principal], service: NamedDependency[MapService]
    ) -> GroupList:
        """Every group for an admin; one's own group for anyone else."""
        return await service.accounts.groups(caller)

    @post(
        "/users",
        operation_id="createUser",
        summary="Create a person",
        status_code=HTTP_201_CREATED,
        responses=ACCOUNT_WRITE_ERRORS,
        **EDITORS.declared(),
    )
    async def create_user(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        data: JSONBody[NewUser],
    ) -> Response[User]:
        """A new person: admins create any role in any group; editors create authors in their own group.

        The id is derived from the name when omitted. Give them a token (``POST /users/{id}/tokens``), a
        sign-in link (``POST /users/{id}/sign-in-links``) or a password.
        """
        user = await service.accounts.add_user(caller, data)
        return Response(user, status_code=HTTP_201_CREATED, headers={"Location": f"/users/{user.id}"})

    @get(
        "/users",
        operation_id="listUsers",
        summary="The people you manage",
        responses=ACCOUNT_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def list_users(
        self, caller: NamedDependency[Principal], service: NamedDependency[MapService]
    ) -> UserList:
        """Everyone for an admin, one's group for an editor, oneself for an author."""
        return await service.accounts.users(caller)

    @get(
        "/users/{user_id:str}",
        operation_id="getUser",
        summary="A person you manage",
        responses=ACCOUNT_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def get_user(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        user_id: Annotated[str, USER_ID],
    ) -> User:
        """One person; someone you do not manage is not found."""
        return await service.accounts.user(caller, user_id)

    @patch(
        "/users/{user_id:str}",
        operation_id="changeUser",
        summary="Change a person's name, password, role, group or whether they are disabled",
        responses=ACCOUNT_WRITE_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def change_user(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        user_id: Annotated[str, USER_ID],
        data: JSONBody[UserPatch],
    ) -> User:
        """Admins change roles and groups (never their own role); disabling someone revokes their tokens."""
        return await service.accounts.change_user(caller, user_id, data)

    @post(
        "/users/{user_id:str}/tokens",
        operation_id="createToken",
        summary="Issue a personal API token",
        status_code=HTTP_201_CREATED,
        responses=ACCOUNT_WRITE_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def create_token(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        user_id: Annotated[str, USER_ID],
        data: JSONBody[NewToken],
    ) -> Response[IssuedToken]:
        """A new token for yourself or a person you manage. Its secret is in this answer and nowhere else."""
        issued = await service.accounts.issue_token(caller, user_id, data)
        return Response(issued, status_code=HTTP_201_CREATED, headers=NO_STORE)

    @get(
        "/users/{user_id:str}/tokens",
        operation_id="listTokens",
        summary="A person's tokens",
        responses=ACCOUNT_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def list_tokens(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        user_id: Annotated[str, USER_ID],
    ) -> TokenList:
        """Newest first, with each one's first characters to tell them apart; never a secret."""
        return await service.accounts.tokens(caller, user_id)

    @delete(
        "/tokens/{token_id:str}",
        operation_id="revokeToken",
        summary="Revoke a token",
        status_code=200,
        responses=ACCOUNT_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def revoke_token(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        token_id: Annotated[str, TOKEN_ID],
    ) -> Token:
        """The token stops working at once (in other workers of the server within seconds)."""
        return await service.accounts.revoke_token(caller, token_id)

    @post(
        "/users/{user_id:str}/sign-in-links",
        operation_id="createSignInLink",
        summary="A one-time sign-in link for a person",
        status_code=HTTP_201_CREATED,
        responses=ACCOUNT_WRITE_ERRORS,
        **EDITORS.declared(),
    )
    async def create_sign_in_link(
        self,
        request: Request[Any, Any, Any],
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        user_id: Annotated[str, USER_ID],
    ) -> Response[SignInLink]:
        """A link that signs its person in once, within a week: hand it to a student or a freelancer.

        The code is in the link's fragment (after ``#``), which browsers never send to a server: it stays out
        of access logs and proxies until the page uses it.
        """
        code, expires = await service.accounts.sign_in_link(caller, user_id)
        link = SignInLink(user=user_id, url=f"{public_origin(request)}/sign-in#{code}", expires=expires)
        return Response(link, status_code=HTTP_201_CREATED, headers=NO_STORE)


class SessionController(Controller):
    """The browser's session: sign in (a password or a one-time link's code) and sign out."""

    path = "/session"
    tags = ["accounts"]

    @post(
        operation_id="signIn",
        summary="Sign in (a password or a sign-in link's code); sets the session cookie",
        status_code=200,
        responses=SIGN_IN_ERRORS,
        **SIGN_IN.declared(),
    )
    async def sign_in(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        data: JSONBody[SignIn],
    ) -> Response[Caller]:
        """A new session: its cookie (``HttpOnly``, ``SameSite=Lax``, ``Secure`` behind HTTPS) and CSRF token.

        Failed password sign-ins are counted per account and per address; beyond ten in fifteen minutes the
        answer is 429 until the window passes. Each is audited.
        """
        address = request.client.host if request.client else "unknown"
        signed_in = await service.accounts.sign_in(data, address=address)
        who = await service.accounts.who(signed_in.principal)
        return Response(who, headers=NO_STORE, cookies=[_session_cookie(request, signed_in)])

    @delete(
        operation_id="signOut",
        summary="Sign out: the session ends on the server",
        status_code=HTTP_204_NO_CONTENT,
        responses=SIGN_OUT_ERRORS,
        response_cookies=[EXPIRED_SESSION],
        **SIGN_IN.declared(),
    )
    async def sign_out(self, request: Request[Any, Any, Any], service: NamedDependency[MapService]) -> None:
        """The session cookie stops signing anyone in, in every worker; the browser is told to drop it."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            await service.accounts.sign_out(cookie)


def _session_cookie(request: Request[Any, Any, Any], signed_in: SignedIn) -> Cookie:
    secure = public_origin(request).startswith("https://")
    return Cookie(
        key=SESSION_COOKIE,
        value=signed_in.cookie,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
        expires=int(signed_in.expires.timestamp()),
    )
