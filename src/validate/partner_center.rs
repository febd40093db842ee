//! The messages Partner Center shows when Validate fails. The eight documented ones are quoted
//! exactly as the lead-management FAQ words them (English, and the Simplified Chinese of the
//! source page); they are the `error` of the guide's known-error nodes, and a test keeps the
//! two the same. For a cause the FAQ does not document, the message is leadwiz's reading of what
//! Partner Center shows, and says so (`quoted: false`).

use serde::Serialize;

use super::Msg;

/// The message Partner Center would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerCenter {
    pub message: Msg,
    /// `true`: quoted exactly from the FAQ, which names this cause; `false`: what Partner
    /// Center shows is not documented for this cause, and the message is leadwiz's inference.
    pub quoted: bool,
}

/// One of the FAQ's eight documented errors, with the node that explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Documented {
    pub node: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Documented {
    /// The message, quoted: the FAQ names this cause for it.
    pub fn quoted(self) -> PartnerCenter {
        PartnerCenter {
            message: (self.en, self.zh).into(),
            quoted: true,
        }
    }

    /// The message Partner Center most likely shows for a cause the FAQ does not tie to it.
    pub fn inferred(self) -> PartnerCenter {
        PartnerCenter {
            message: (self.en, self.zh).into(),
            quoted: false,
        }
    }
}

/// E1: the sign-in failed (user name and password, or the app's ids and secret).
pub const LOGIN_FAILED: Documented = Documented {
    node: "dynamics-login-failed",
    en: "Could not save the lead to Dynamics CRM. Check the Dynamics CRM account settings. LastCRMError: Unable to sign in to Dynamics CRM, LastCRMException:",
    zh: "无法将潜在顾客保存到 Dynamics CRM。检查 Dynamics CRM 帐户设置。LastCRMError：无法登录 Dynamics CRM，LastCRMException:",
};

/// E2: no create permission on `leadsourcecode`.
pub const LEADSOURCECODE: Documented = Documented {
    node: "dynamics-leadsourcecode-permission",
    en: "Could not save the lead to Dynamics CRM. User does not have create permissions for the leadsourcecode attribute in the lead entity",
    zh: "无法将潜在顾客保存到 Dynamics CRM。用户不具有潜在顾客实体中 leadsourcecode 属性的创建权限",
};

/// E3: the Directory ID is no tenant (AADSTS90002).
pub const TENANT_NOT_FOUND: Documented = Documented {
    node: "dynamics-aad-tenant-not-found",
    en: "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant.",
    zh: "无法使用 AAD 将潜在顾客保存到 Dynamics CRM。异常::找不到租户。如果该租户没有活动订阅，可能会发生此实例。",
};

/// E4: no security role (0x80042f09).
pub const NO_ROLES: Documented = Documented {
    node: "dynamics-no-roles-assigned",
    en: "Could not save the lead to Dynamics CRM. LastCRMError: SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user.",
    zh: "无法将潜在顾客保存到 Dynamics CRM。LastCRMError：SecLib::RetrievePrivilegeForUser 失败 - 未向用户分配任何角色。",
};

/// E5: the Application ID is not in the directory (AADSTS700016).
pub const APP_NOT_FOUND: Documented = Documented {
    node: "dynamics-aad-app-not-found",
    en: "Could not save the lead to Dynamics CRM using AAD. Exception:: Application with identifier was not found in the directory",
    zh: "无法使用 AAD 将潜在顾客保存到 Dynamics CRM。异常::在目录中找不到带标识符的应用程序",
};

/// E6: the Directory ID is malformed (AADSTS900023).
pub const INVALID_TENANT_ID: Documented = Documented {
    node: "dynamics-aad-invalid-tenant-id",
    en: "Could not save the lead to Dynamics CRM using AAD. Exception:: Requested tenant identifier is not valid and not valid external domain format",
    zh: "无法使用 AAD 将潜在顾客保存到 Dynamics CRM。异常::请求的租户标识符无效且外部域格式无效",
};

/// E7: the client secret is wrong or expired (AADSTS7000215, 7000222).
pub const INVALID_CLIENT_SECRET: Documented = Documented {
    node: "dynamics-aad-invalid-client-secret",
    en: "Could not save the lead to Dynamics CRM using AAD. Exception:: Error validating credentials.: Invalid client secret is provided.",
    zh: "无法使用 AAD 将潜在顾客保存到 Dynamics CRM。异常::验证凭据时出错：提供的客户端密码无效。",
};

/// E8: the instance did not answer within two minutes (usually a wrong instance URL).
pub const REQUEST_TIMEOUT: Documented = Documented {
    node: "dynamics-request-timeout",
    en: "Could not save the lead to Dynamics CRM. LastCRMError: The request channel timed out while waiting for a reply after 00:02:00. Increase the timeout value passed to the call to Request or increase the SendTimeout value on the Binding. The time allotted to this operation may have been a portion of a longer timeout.",
    zh: "无法将潜在顾客保存到 Dynamics CRM。LastCRMError：请求通道在等待回复时，00:02:00 后超时。增加传递给 Request 调用的超时值或增加 Binding 上的 SendTimeout 值。分配给此操作的时间可能是较长超时的一部分。",
};

/// The eight documented errors.
pub const DOCUMENTED: [Documented; 8] = [
    LOGIN_FAILED,
    LEADSOURCECODE,
    TENANT_NOT_FOUND,
    NO_ROLES,
    APP_NOT_FOUND,
    INVALID_TENANT_ID,
    INVALID_CLIENT_SECRET,
    REQUEST_TIMEOUT,
];

/// A failure the FAQ documents no message for: Validate fails, and Partner Center shows the
/// service's own error (`what` says which).
pub fn undocumented(what: impl Into<Msg>) -> PartnerCenter {
    PartnerCenter {
        message: what.into(),
        quoted: false,
    }
}
