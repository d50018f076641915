from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import get_token_model
from knox.settings import knox_settings
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.serializers import LoginSerializer, MeSerializer, TokenSerializer
from api.throttling import (
    LoginThrottle,
    address_of,
    login_failed,
    login_locked_for,
    login_succeeded,
)


class LoginView(APIView):
    """Exchange a username and password for a token. Tokens expire (``expiry``) and can be
    revoked one at a time (log out) or all at once (a lost phone). Too many attempts from one
    address, or too many failed ones for one username from one address, answer 429 with
    ``Retry-After`` (``locked_out``: refused even with the right password until then, from that
    address). Failures for one username from every address together have a higher ceiling,
    past which only addresses the user signed in from before may try."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(request=LoginSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request):
        serializer = LoginSerializer(data=request.data, context={"request": request})
        username = request.data.get("username") if isinstance(request.data, dict) else None
        address = address_of(request)
        if isinstance(username, str) and (wait := login_locked_for(username, address)) is not None:
            raise exceptions.Throttled(
                wait=wait,
                detail=_("Too many failed sign-ins for this user; try again later."),
                code="locked_out",
            )
        if not serializer.is_valid():
            refusals = serializer.errors.get("non_field_errors", [])
            if isinstance(username, str) and any(
                error.code == "invalid_credentials" for error in refusals
            ):
                login_failed(username, address)
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        login_succeeded(user.get_username(), address)
        get_token_model().objects.filter(user=user, expiry__lt=timezone.now()).delete()
        instance, token = get_token_model().objects.create(
            user=user, expiry=knox_settings.TOKEN_TTL
        )
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        data = {"token": token, "expiry": instance.expiry, "user": user}
        return Response(TokenSerializer(data).data)


class LogoutView(APIView):
    """Revoke the token this request was made with."""

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Revoked.")})
    def post(self, request):
        if request.auth is not None and hasattr(request.auth, "delete"):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Revoke every token of the signed-in user, for example after losing a phone."""

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Revoked.")})
    def post(self, request):
        request.user.auth_token_set.all().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(generics.RetrieveAPIView):
    """The signed-in person, their role and whom they work for."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user
