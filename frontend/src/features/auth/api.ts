import { useMutation, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];

export const useLogin = () =>
  useMutation({ mutationFn: (body: Schemas["LoginRequest"]) => unwrap(api.POST("/api/v1/auth/login", { body })) });

export const useSignup = () =>
  useMutation({ mutationFn: (body: Schemas["SignupRequest"]) => unwrap(api.POST("/api/v1/auth/signup", { body })) });

export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: (body: Schemas["PasswordResetRequest"]) =>
      unwrap(api.POST("/api/v1/auth/password-reset", { body })),
  });

export const useConfirmPasswordReset = () =>
  useMutation({
    mutationFn: (body: Schemas["PasswordResetConfirm"]) =>
      unwrap(api.POST("/api/v1/auth/password-reset/confirm", { body })),
  });

export const useRequestEmailVerification = () =>
  useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/email-verification")) });

export const useConfirmEmailVerification = () =>
  useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST("/api/v1/auth/email-verification/confirm", { body: { token } })),
  });

export const useInvitationPreview = (token: string) =>
  useQuery({
    queryKey: ["invitation", token],
    queryFn: () => unwrap(api.GET("/api/v1/invitations/preview", { params: { query: { token } } })),
    enabled: !!token,
    retry: false,
  });

export const useAcceptInvitation = () =>
  useMutation({
    mutationFn: (body: Schemas["InvitationAccept"]) => unwrap(api.POST("/api/v1/invitations/accept", { body })),
  });

export const useUpdateProfile = () =>
  useMutation({ mutationFn: (body: Schemas["UserUpdate"]) => unwrap(api.PATCH("/api/v1/me", { body })) });
