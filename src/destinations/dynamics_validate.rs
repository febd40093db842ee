//! `leadwiz validate dynamics`: the Dynamics 365 connection, checked as Partner Center's
//! Validate uses it, with an Entra ID app (Directory ID, Application ID, client secret) or an
//! Office 365 user (user name, password).
//!
//! 1. Fields: the instance URL; GUIDs; a secret that is the secret's ID rather than its value;
//!    the user name's shape and the password's rules.
//! 2. Probes (no secret): the tenant exists (OpenID discovery) or the user's realm; the
//!    instance's anonymous sign-in challenge, whose tenant must be the Directory ID.
//! 3. Reads: the token (client credentials for `<instance origin>/.default`, or the password
//!    grant), `WhoAmI`, the user's roles, its effective privileges, `leadsourcecode`'s field
//!    security.
//! 4. Write (`--send-test-lead`): one MSFT_TEST lead.
//!
//! Every Entra ID and Dataverse answer is read by its code ([`aad`], [`dataverse_code`]).

use std::time::{Duration, Instant};

use url::Url;

use super::dataverse::{self, DataverseError};
use super::entra::{self, Discovery, EntraError, Grant, Realm, TokenAnswer};
use super::staged::{Answer, NoAnswer};
use super::{Problem, client, dynamics, shown_url};
use crate::guide::Lang;
use crate::validate::partner_center::{self as pc, Documented, undocumented};
use crate::validate::{Finding, Msg, PartnerCenter, Stage, Validation, fields};

/// How Partner Center signs in to the instance.
pub enum Credentials {
    /// An Entra ID app registration.
    App {
        directory_id: String,
        application_id: String,
        secret: String,
    },
    /// An Office 365 user.
    User { user: String, password: String },
}

/// What to validate. `Debug` shows no secret.
pub struct Input {
    pub instance_url: String,
    pub credentials: Credentials,
    /// Entra ID's host (a loopback replacement in tests).
    pub authority: Url,
    pub timeout: Duration,
    pub send_test_lead: bool,
    pub ticks: u64,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("instance_url", &shown_url(&self.instance_url))
            .field("authority", &self.authority.as_str())
            .finish_non_exhaustive()
    }
}

const TENANT_NODE: &str = "dynamics-aad-tenant-not-found";
const TENANT_ID_NODE: &str = "dynamics-aad-invalid-tenant-id";
const APP_NODE: &str = "dynamics-aad-app-not-found";
const SECRET_NODE: &str = "dynamics-aad-invalid-client-secret";
const URL_NODE: &str = "dynamics-request-timeout";
const LOGIN_NODE: &str = "dynamics-login-failed";
const ROLE_NODE: &str = "dynamics-security-role";
const PRIVILEGE_NODE: &str = "dataverse-missing-privilege";
const MFA_NODE: &str = "dynamics-office365-mfa";
const OTHER_NODE: &str = "error-other";

/// What an AADSTS code means for the lead connection.
pub struct AadMeaning {
    pub problem: Problem,
    pub node: &'static str,
    pub partner_center: PartnerCenter,
    pub explanation: Msg,
    /// Inconclusive rather than a failure (the code concerns leadwiz's own client).
    pub inconclusive: bool,
}

fn meaning(node: &'static str, partner_center: PartnerCenter, en: &str, zh: &str) -> AadMeaning {
    AadMeaning {
        problem: Problem::AuthenticationFailed,
        node,
        partner_center,
        explanation: (en, zh).into(),
        inconclusive: false,
    }
}

/// The AADSTS codes of the token step, each with its node.
pub const AAD_CODES: [u32; 19] = [
    90002, 900023, 700016, 7000215, 7000222, 7000218, 500011, 7000112, 50126, 50034, 50053, 50055,
    50057, 50076, 50079, 50158, 53003, 65001, 0,
];

/// What AADSTS `code` means (0 or an unknown code: Entra ID refused, see its message).
pub fn aad(code: u32) -> AadMeaning {
    match code {
        90002 => meaning(
            TENANT_NODE,
            pc::TENANT_NOT_FOUND.quoted(),
            "no tenant has this Directory ID: copy the Tenant ID from Microsoft Entra ID > Overview",
            "没有租户使用此目录 ID：请从 Microsoft Entra ID >“概述”复制租户 ID",
        ),
        900023 => meaning(
            TENANT_ID_NODE,
            pc::INVALID_TENANT_ID.quoted(),
            "the Directory ID is neither a tenant GUID nor a domain",
            "目录 ID 既不是租户 GUID，也不是域名",
        ),
        700016 => meaning(
            APP_NODE,
            pc::APP_NOT_FOUND.quoted(),
            "the Application ID is not an app of this directory: copy the Application (client) ID from the app registration's Overview, in the tenant of the Directory ID",
            "应用程序 ID 不是此目录中的应用：请在目录 ID 所在租户中，从应用注册的“概述”复制“应用程序(客户端) ID”",
        ),
        7000215 => meaning(
            SECRET_NODE,
            pc::INVALID_CLIENT_SECRET.quoted(),
            "the client secret is wrong: often the secret's ID was copied instead of its Value",
            "客户端密码错误：常见原因是复制了机密的 ID 而不是其“值”",
        ),
        7000222 => meaning(
            SECRET_NODE,
            pc::INVALID_CLIENT_SECRET.quoted(),
            "the client secret has expired: add a new one under Certificates & secrets and put its Value into Partner Center",
            "客户端密码已过期：请在“证书和机密”中新建一个，并将其“值”填入合作伙伴中心",
        ),
        7000218 => meaning(
            "entra-client-secret-missing",
            pc::INVALID_CLIENT_SECRET.inferred(),
            "no client secret reached Entra ID",
            "Entra ID 没有收到客户端密码",
        ),
        500011 => meaning(
            "entra-resource-not-in-tenant",
            pc::LOGIN_FAILED.inferred(),
            "the instance is not a resource of this tenant: it belongs to another tenant, or Dynamics 365 is not provisioned in this one",
            "该实例不是此租户中的资源：它属于另一个租户，或此租户中未预配 Dynamics 365",
        ),
        7000112 => meaning(
            "dynamics-setup-aad",
            pc::LOGIN_FAILED.inferred(),
            "the Dynamics CRM service principal is disabled in this tenant",
            "此租户中的 Dynamics CRM 服务主体已被禁用",
        ),
        50126 => meaning(
            "entra-wrong-password",
            pc::LOGIN_FAILED.quoted(),
            "the user name or password is wrong",
            "用户名或密码错误",
        ),
        50034 => meaning(
            "entra-user-not-found",
            pc::LOGIN_FAILED.inferred(),
            "no such user in the directory",
            "目录中没有此用户",
        ),
        50053 => meaning(
            "entra-account-locked",
            pc::LOGIN_FAILED.inferred(),
            "the account is locked after too many attempts, or sign-ins from this address are blocked",
            "尝试次数过多，帐户已被锁定，或来自此地址的登录被阻止",
        ),
        50055 => meaning(
            "entra-password-expired",
            pc::LOGIN_FAILED.inferred(),
            "the password has expired: set a new one and put it into Partner Center",
            "密码已过期：请设置新密码并填入合作伙伴中心",
        ),
        50057 => meaning(
            "entra-account-disabled",
            pc::LOGIN_FAILED.inferred(),
            "the user account is disabled",
            "该用户帐户已被禁用",
        ),
        50076 | 50079 | 50158 => meaning(
            "entra-mfa-required",
            pc::LOGIN_FAILED.inferred(),
            "the user must use multi-factor authentication (security defaults, Conditional Access or per-user MFA): a password alone cannot sign in, so Partner Center cannot either; use the Entra ID app option",
            "该用户必须使用多重身份验证（安全默认值、条件访问或按用户 MFA）：仅凭密码无法登录，合作伙伴中心也无法登录；请改用 Entra ID 应用方式",
        ),
        53003 => meaning(
            "entra-conditional-access-blocked",
            pc::LOGIN_FAILED.inferred(),
            "a Conditional Access policy blocks this sign-in",
            "条件访问策略阻止了此次登录",
        ),
        65001 => AadMeaning {
            inconclusive: true,
            ..meaning(
                "entra-consent-missing",
                pc::LOGIN_FAILED.inferred(),
                "nobody consented to the public client leadwiz signs in with; Partner Center signs in with its own client, so this says nothing about Partner Center's sign-in: the password was accepted up to consent",
                "没有人同意 leadwiz 登录时使用的公共客户端；合作伙伴中心使用自己的客户端登录，因此这不能说明合作伙伴中心能否登录：密码在同意步骤之前已被接受",
            )
        },
        _ => meaning(
            OTHER_NODE,
            pc::LOGIN_FAILED.inferred(),
            "Entra ID refused the sign-in",
            "Entra ID 拒绝了登录",
        ),
    }
}

/// The Dataverse codes of the catalogue, each with its node.
pub const DATAVERSE_CODES: [&str; 5] = [
    "0x80072560",
    "0x80042f09",
    "0x80041d1f",
    "0x80040220",
    "0x8004f502",
];

/// What a Dataverse code means for the lead connection: problem, node, Partner Center message,
/// explanation.
pub fn dataverse_code(code: &str) -> (Problem, &'static str, PartnerCenter, Msg) {
    match code {
        "0x80072560" => (
            Problem::AuthenticationFailed,
            "dataverse-user-not-member",
            pc::LOGIN_FAILED.inferred(),
            (
                "the app or user is not a user of this environment: create the application user in the Power Platform admin center",
                "该应用或用户不是此环境中的用户：请在 Power Platform 管理中心创建应用程序用户",
            )
                .into(),
        ),
        "0x80042f09" => (
            Problem::Unauthorized,
            pc::NO_ROLES.node,
            pc::NO_ROLES.quoted(),
            (
                "the user has no security role: assign Microsoft Marketplace Lead Writer",
                "该用户没有任何安全角色：请分配 Microsoft Marketplace Lead Writer",
            )
                .into(),
        ),
        "0x80041d1f" => (
            Problem::AuthenticationFailed,
            "dataverse-user-disabled",
            pc::LOGIN_FAILED.inferred(),
            (
                "the user is disabled in the environment (or has no licence, or is outside the environment's security group)",
                "该用户在环境中已被禁用（或没有许可证，或不在环境的安全组中）",
            )
                .into(),
        ),
        "0x80040220" => (
            Problem::Unauthorized,
            PRIVILEGE_NODE,
            undocumented((
                "not in the FAQ: Partner Center shows Dataverse's \"… is missing prv… privilege\" after LastCRMError",
                "FAQ 未记录：合作伙伴中心会在 LastCRMError 之后显示 Dataverse 的“… is missing prv… privilege”",
            )),
            (
                "the user's roles lack a privilege the write needs",
                "该用户的角色缺少写入所需的权限",
            )
                .into(),
        ),
        "0x8004f502" => (
            Problem::Unauthorized,
            pc::LEADSOURCECODE.node,
            pc::LEADSOURCECODE.quoted(),
            (
                "field security on leadsourcecode does not let the user create it",
                "leadsourcecode 上的字段安全性不允许该用户创建它",
            )
                .into(),
        ),
        _ => (
            Problem::ClientError,
            OTHER_NODE,
            undocumented((
                "not in the FAQ: Partner Center shows Dataverse's error after LastCRMError",
                "FAQ 未记录：合作伙伴中心会在 LastCRMError 之后显示 Dataverse 的错误",
            )),
            (
                "Dataverse refused the request",
                "Dataverse 拒绝了请求",
            )
                .into(),
        ),
    }
}

fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The finding of a request that got no answer.
fn no_answer(check: Msg, e: &NoAnswer, node: &'static str, pc: PartnerCenter) -> Finding {
    Finding::fail(e.problem, check, e.message.clone(), node)
        .with_partner_center(pc)
        .with_elapsed(e.elapsed_ms)
}

/// The finding of an answer that is not what the service sends.
fn unexpected(check: Msg, a: &Answer, node: &'static str, pc: PartnerCenter) -> Finding {
    let problem = if a.status >= 500 {
        Problem::ServerError
    } else {
        Problem::BadAnswer
    };
    Finding::fail(
        problem,
        check,
        (
            format!("an unexpected answer ({})", a.status),
            format!("意外的响应（{}）", a.status),
        ),
        node,
    )
    .with_partner_center(pc)
    .with_status(a.status)
    .with_elapsed(a.elapsed_ms)
    .with_excerpt(a.excerpt())
    .with_trace(a.header_trace())
}

/// The finding of an Entra ID refusal.
fn refused(check: Msg, e: &EntraError, a: &Answer) -> Finding {
    let m = aad(e.code.unwrap_or(0));
    let detail: Msg = (
        format!("{}: {}", m.explanation.en, e.description),
        format!("{}：{}", m.explanation.get(Lang::ZhCn), e.description),
    )
        .into();
    let f = if m.inconclusive {
        Finding::inconclusive(check, detail, m.node)
    } else {
        Finding::fail(m.problem, check, detail, m.node)
    };
    let mut trace = e.trace.clone();
    trace.request_id = a.header_trace().request_id;
    f.with_partner_center(m.partner_center)
        .with_code(e.code_text())
        .with_trace(trace)
        .with_status(a.status)
        .with_elapsed(a.elapsed_ms)
}

/// The finding of a Dataverse error answer (`None`: not one).
fn dataverse_refused(check: Msg, a: &Answer) -> Option<Finding> {
    let DataverseError { code, message } = dataverse::parse_error(&a.body)?;
    let (problem, node, pc, explanation) = dataverse_code(&code);
    Some(
        Finding::fail(
            problem,
            check,
            (
                format!("{}: {message}", explanation.en),
                format!("{}：{message}", explanation.get(Lang::ZhCn)),
            ),
            node,
        )
        .with_partner_center(pc)
        .with_code(code)
        .with_status(a.status)
        .with_elapsed(a.elapsed_ms)
        .with_trace(a.header_trace()),
    )
}

/// An id or user name as shown: one clean line, secrets masked (ids are not secret, and are
/// shown whole so they can be compared with the portal's).
fn shown_id(s: &str) -> String {
    let line: String = crate::sanitise::line(s.trim()).chars().take(200).collect();
    crate::redact::secrets(&line)
}

/// Validates the Dynamics 365 connection.
pub async fn validate(input: &Input) -> Validation {
    let start = Instant::now();
    let shown = shown_url(input.instance_url.trim());
    let target: Msg = match &input.credentials {
        Credentials::App {
            directory_id,
            application_id,
            ..
        } => (
            format!(
                "{shown} (Entra ID app {}, directory {})",
                shown_id(application_id),
                shown_id(directory_id)
            ),
            format!(
                "{shown}（Entra ID 应用 {}，目录 {}）",
                shown_id(application_id),
                shown_id(directory_id)
            ),
        )
            .into(),
        Credentials::User { user, .. } => (
            format!("{shown} (Office 365 user {})", shown_id(user)),
            format!("{shown}（Office 365 用户 {}）", shown_id(user)),
        )
            .into(),
    };
    let mut v = Validation::new("dynamics", target, input.send_test_lead);
    run(&mut v, input).await;
    v.elapsed_ms = start.elapsed().as_millis() as u64;
    v.finish()
}

async fn run(v: &mut Validation, input: &Input) {
    v.begin(Stage::Fields);
    let Some(instance) = instance_rules(v, &input.instance_url) else {
        return;
    };
    match &input.credentials {
        Credentials::App {
            directory_id,
            application_id,
            secret,
        } => app_rules(v, directory_id.trim(), application_id.trim(), secret),
        Credentials::User { user, password } => user_rules(v, user.trim(), password),
    }
    if v.stopped() {
        return;
    }
    let client = match client(input.timeout) {
        Ok(c) => c,
        Err(e) => {
            v.begin(Stage::Probe);
            v.push(Finding::fail(
                Problem::Tls,
                ("set up HTTPS", "设置 HTTPS"),
                e,
                OTHER_NODE,
            ));
            return;
        }
    };
    let t = input.timeout;
    v.begin(Stage::Probe);
    // The tenant: discovery for an app, the realm for a user.
    match &input.credentials {
        Credentials::App { directory_id, .. } => {
            discover(v, &client, &input.authority, directory_id.trim(), t).await
        }
        Credentials::User { user, .. } => realm(v, &client, &input.authority, user.trim(), t).await,
    }
    if v.stopped() {
        return;
    }
    let expected = match &input.credentials {
        Credentials::App { directory_id, .. } => Some(directory_id.trim().to_ascii_lowercase()),
        Credentials::User { .. } => None,
    };
    let Some(tenant) = challenge(v, &client, &instance, expected.as_deref(), t).await else {
        return;
    };
    v.begin(Stage::Read);
    let check: Msg = (
        "Entra ID issues a token for the instance",
        "Entra ID 为该实例颁发令牌",
    )
        .into();
    let (scope, grant, login_node) = match &input.credentials {
        Credentials::App {
            application_id,
            secret,
            ..
        } => (
            format!("{}/.default", origin(&instance)),
            Grant::ClientCredentials {
                client_id: application_id.trim(),
                secret,
            },
            "dynamics-aad-invalid-tenant-id",
        ),
        Credentials::User { user, password } => (
            format!("{}/user_impersonation", origin(&instance)),
            Grant::Password {
                user: user.trim(),
                password,
            },
            LOGIN_NODE,
        ),
    };
    let token = match entra::token(&client, &input.authority, &tenant, &scope, grant, t).await {
        Ok(TokenAnswer::Issued { token, answer }) => {
            let expiry = token
                .expires_in
                .map(|s| format!(", valid {} min", s / 60))
                .unwrap_or_default();
            let expiry_zh = token
                .expires_in
                .map(|s| format!("，有效期 {} 分钟", s / 60))
                .unwrap_or_default();
            v.push(
                Finding::pass(
                    check,
                    (
                        format!("a token for {scope}{expiry}"),
                        format!("已获得 {scope} 的令牌{expiry_zh}"),
                    ),
                )
                .with_status(answer.status)
                .with_elapsed(answer.elapsed_ms),
            );
            token
        }
        Ok(TokenAnswer::Refused { error, answer }) => {
            v.push(refused(check, &error, &answer));
            return;
        }
        Ok(TokenAnswer::Unexpected(answer)) => {
            v.push(unexpected(
                check,
                &answer,
                OTHER_NODE,
                pc::LOGIN_FAILED.inferred(),
            ));
            return;
        }
        Err(e) => {
            v.push(no_answer(
                check,
                &e,
                OTHER_NODE,
                pc::LOGIN_FAILED.inferred(),
            ));
            return;
        }
    };
    // Who the token is in the environment.
    let check: Msg = (
        "the instance takes the token (WhoAmI)",
        "实例接受该令牌 (WhoAmI)",
    )
        .into();
    let user_id = match dataverse::get(&client, &instance, "WhoAmI", &token, t).await {
        Err(e) => {
            v.push(no_answer(
                check,
                &e,
                URL_NODE,
                pc::REQUEST_TIMEOUT.inferred(),
            ));
            return;
        }
        Ok(a) if a.status == 200 => match dataverse::user_id(&a) {
            Some(id) => {
                v.push(
                    Finding::pass(
                        check,
                        (
                            format!("signed in as the environment's user {id}"),
                            format!("已作为环境中的用户 {id} 登录"),
                        ),
                    )
                    .with_status(a.status)
                    .with_elapsed(a.elapsed_ms),
                );
                id
            }
            None => {
                v.push(unexpected(
                    check,
                    &a,
                    OTHER_NODE,
                    pc::LOGIN_FAILED.inferred(),
                ));
                return;
            }
        },
        Ok(a) => {
            let f = dataverse_refused(check.clone(), &a).unwrap_or_else(|| {
                if a.status == 401 {
                    Finding::fail(
                        Problem::Unauthorized,
                        check,
                        (
                            "the instance refused the token (401): it was issued by another tenant than the instance's",
                            "实例拒绝了该令牌 (401)：颁发令牌的租户不是实例所在的租户",
                        ),
                        login_node,
                    )
                    .with_partner_center(pc::LOGIN_FAILED.inferred())
                    .with_status(a.status)
                    .with_elapsed(a.elapsed_ms)
                    .with_trace(a.header_trace())
                } else {
                    unexpected(check, &a, OTHER_NODE, pc::LOGIN_FAILED.inferred())
                }
            });
            v.push(f);
            return;
        }
    };
    roles(v, &client, &instance, &user_id, &token, t).await;
    if v.stopped() {
        return;
    }
    privileges(v, &client, &instance, &user_id, &token, t).await;
    if v.stopped() {
        return;
    }
    leadsourcecode(v, &client, &instance, &token, t).await;
    if v.stopped() || !input.send_test_lead {
        v.on_success("dest-dynamics");
        return;
    }
    v.begin(Stage::Write);
    write(v, &client, &instance, &token, input.ticks, t).await;
}

/// The instance URL's rules; the URL when they hold.
fn instance_rules(v: &mut Validation, raw: &str) -> Option<Url> {
    let check: Msg = (
        "the instance URL is a Dynamics 365 instance URL",
        "实例 URL 是 Dynamics 365 实例 URL",
    )
        .into();
    match dynamics::validate(raw) {
        Ok(url) => {
            v.push(Finding::pass(check, shown_url(url.as_str())));
            Some(url)
        }
        Err(findings) => {
            for f in findings {
                v.push(
                    Finding::fail(f.problem, check.clone(), f.message, f.remediation)
                        .with_partner_center(pc::REQUEST_TIMEOUT.quoted()),
                );
            }
            None
        }
    }
}

fn app_rules(v: &mut Validation, directory: &str, application: &str, secret: &str) {
    let check: Msg = ("the Directory ID is a tenant GUID", "目录 ID 是租户 GUID").into();
    if fields::is_empty_guid(directory) {
        v.push(
            Finding::fail(
                Problem::InvalidInput,
                check,
                (
                    "it is the empty GUID, which Entra ID refuses as a tenant",
                    "这是空 GUID，Entra ID 不接受它作为租户",
                ),
                TENANT_NODE,
            )
            .with_code("AADSTS90002")
            .with_partner_center(pc::TENANT_NOT_FOUND.quoted()),
        );
    } else if fields::is_guid(directory) {
        v.push(Finding::pass(check, directory.to_owned()));
    } else if fields::is_domain(directory) {
        v.push(
            Finding::fail(
                Problem::InvalidInput,
                check,
                (
                    format!("`{}` is a domain name; Partner Center's Directory ID takes the tenant's GUID (Microsoft Entra ID > Overview > Tenant ID)", shown_id(directory)),
                    format!("`{}` 是域名；合作伙伴中心的“目录 ID”需要租户的 GUID（Microsoft Entra ID >“概述”>“租户 ID”）", shown_id(directory)),
                ),
                TENANT_ID_NODE,
            )
            .with_partner_center(pc::INVALID_TENANT_ID.inferred()),
        );
    } else {
        v.push(
            Finding::fail(
                Problem::InvalidInput,
                check,
                (
                    format!(
                        "`{}` is not a GUID (8-4-4-4-12 hexadecimal digits)",
                        shown_id(directory)
                    ),
                    format!(
                        "`{}` 不是 GUID（8-4-4-4-12 位十六进制数字）",
                        shown_id(directory)
                    ),
                ),
                TENANT_ID_NODE,
            )
            .with_code("AADSTS900023")
            .with_partner_center(pc::INVALID_TENANT_ID.quoted()),
        );
    }
    let check: Msg = ("the Application ID is a GUID", "应用程序 ID 是 GUID").into();
    if fields::is_guid(application) {
        v.push(Finding::pass(check, application.to_owned()));
    } else {
        v.push(
            Finding::fail(
                Problem::InvalidInput,
                check,
                (
                    format!("`{}` is not a GUID: copy the Application (client) ID from the app registration's Overview", shown_id(application)),
                    format!("`{}` 不是 GUID：请从应用注册的“概述”复制“应用程序(客户端) ID”", shown_id(application)),
                ),
                APP_NODE,
            )
            .with_partner_center(pc::APP_NOT_FOUND.inferred()),
        );
    }
    // Checks about the secret never quote it; " — " follows the check in the text report.
    let check: Msg = (
        "the client secret is a secret's value",
        "客户端密码是机密的值",
    )
        .into();
    let trimmed = secret.trim();
    let length = secret.chars().count();
    let fail = |en: &str, zh: &str, code: Option<&str>, quoted: Documented| {
        let f = Finding::fail(Problem::InvalidInput, check.clone(), (en, zh), SECRET_NODE)
            .with_partner_center(if code.is_some() {
                quoted.quoted()
            } else {
                quoted.inferred()
            });
        match code {
            Some(c) => f.with_code(c),
            None => f,
        }
    };
    if trimmed.is_empty() {
        v.push(
            fail(
                "it is empty",
                "它为空",
                Some("AADSTS7000218"),
                pc::INVALID_CLIENT_SECRET,
            )
            .with_node("entra-client-secret-missing"),
        );
    } else if length > 2048 {
        v.push(fail(
            "it is longer than the 2,048 characters Partner Center takes",
            "它超过了合作伙伴中心接受的 2,048 个字符",
            None,
            pc::INVALID_CLIENT_SECRET,
        ));
    } else if fields::is_guid(trimmed) {
        v.push(fail(
            "it is a GUID: that is the secret's ID (Secret ID column), not its Value; copy the Value, shown only when the secret is made",
            "它是一个 GUID：这是机密的 ID（“机密 ID”列），而不是其“值”；请复制仅在创建机密时显示的“值”",
            Some("AADSTS7000215"),
            pc::INVALID_CLIENT_SECRET,
        ));
    } else {
        if trimmed.len() != secret.len() {
            v.push(Finding::note(
                check.clone(),
                (
                    "it has spaces or line ends around it: paste it into Partner Center without them",
                    "它前后有空格或换行：粘贴到合作伙伴中心时请不要带上它们",
                ),
            ));
        }
        v.push(Finding::pass(
            check,
            (
                format!("{length} characters, not a GUID"),
                format!("{length} 个字符，不是 GUID"),
            ),
        ));
    }
}

fn user_rules(v: &mut Validation, user: &str, password: &str) {
    let check: Msg = (
        "the user name is a user principal name",
        "用户名是用户主体名称",
    )
        .into();
    if fields::is_upn(user) && user.chars().count() <= 128 {
        v.push(Finding::pass(check, shown_id(user)));
    } else {
        v.push(
            Finding::fail(
                Problem::InvalidInput,
                check,
                (
                    format!("`{}` is not a sign-in name such as leads@contoso.onmicrosoft.com (at most 128 characters)", shown_id(user)),
                    format!("`{}` 不是 leads@contoso.onmicrosoft.com 这样的登录名（最多 128 个字符）", shown_id(user)),
                ),
                LOGIN_NODE,
            )
            .with_partner_center(pc::LOGIN_FAILED.quoted()),
        );
        return;
    }
    let check: Msg = (
        "the password meets the sign-in's rules",
        "此登录方式对密码的要求已满足",
    )
        .into();
    let problem = if password.is_empty() {
        Some(("it is empty", "它为空"))
    } else if password.chars().count() > 256 {
        Some((
            "it is longer than the 256 characters Partner Center takes",
            "它超过了合作伙伴中心接受的 256 个字符",
        ))
    } else if password.trim() != password {
        Some((
            "it starts or ends with a space: a password sign-in with such a password fails",
            "它以空格开头或结尾：使用此类密码的密码登录会失败",
        ))
    } else {
        None
    };
    match problem {
        Some(p) => v.push(
            Finding::fail(Problem::InvalidInput, check, p, LOGIN_NODE)
                .with_partner_center(pc::LOGIN_FAILED.quoted()),
        ),
        None => v.push(Finding::pass(
            check,
            (
                format!("{} characters", password.chars().count()),
                format!("{} 个字符", password.chars().count()),
            ),
        )),
    }
    v.push(
        Finding::note(
            (
                "the Office 365 (user name and password) sign-in",
                "Office 365（用户名和密码）登录",
            ),
            (
                "Microsoft is retiring password sign-ins to Dataverse, and multi-factor authentication, security defaults or Conditional Access break them; the Entra ID app option keeps working",
                "Microsoft 正在停用对 Dataverse 的密码登录，多重身份验证、安全默认值或条件访问都会使其失败；Entra ID 应用方式不受影响",
            ),
        )
        .with_node(MFA_NODE),
    );
}

async fn discover(
    v: &mut Validation,
    client: &reqwest::Client,
    authority: &Url,
    directory: &str,
    t: Duration,
) {
    let check: Msg = (
        format!("the tenant {directory} exists"),
        format!("租户 {directory} 存在"),
    )
        .into();
    match entra::discover(client, authority, directory, t).await {
        Ok(Discovery::Found { answer, .. }) => v.push(
            Finding::pass(
                check,
                (
                    "Entra ID knows it (OpenID discovery, no secret sent)",
                    "Entra ID 认识它（OpenID 发现，未发送机密）",
                ),
            )
            .with_status(answer.status)
            .with_elapsed(answer.elapsed_ms),
        ),
        Ok(Discovery::Refused { error, answer }) => v.push(refused(check, &error, &answer)),
        Ok(Discovery::Unexpected(answer)) => v.push(unexpected(
            check,
            &answer,
            OTHER_NODE,
            undocumented((
                "none: Entra ID did not answer as it does",
                "无：Entra ID 的响应与平常不同",
            )),
        )),
        Err(e) => v.push(no_answer(
            check,
            &e,
            OTHER_NODE,
            undocumented((
                "none: this machine could not reach Entra ID",
                "无：本机无法连接 Entra ID",
            )),
        )),
    }
}

async fn realm(
    v: &mut Validation,
    client: &reqwest::Client,
    authority: &Url,
    user: &str,
    t: Duration,
) {
    let check: Msg = (
        "Entra ID knows the user's domain",
        "Entra ID 认识该用户的域",
    )
        .into();
    match entra::user_realm(client, authority, user, t).await {
        Ok((Some(Realm::Managed), a)) => v.push(
            Finding::pass(
                check,
                (
                    "a managed (cloud) account: Entra ID checks the password itself",
                    "托管（云）帐户：由 Entra ID 自己验证密码",
                ),
            )
            .with_status(a.status)
            .with_elapsed(a.elapsed_ms),
        ),
        Ok((Some(Realm::Federated), a)) => v.push(
            Finding::note(
                check,
                (
                    "a federated account: another identity provider (such as AD FS) checks the password, and a password sign-in from Partner Center usually fails; use the Entra ID app option",
                    "联合帐户：由其他标识提供者（例如 AD FS）验证密码，合作伙伴中心的密码登录通常会失败；请改用 Entra ID 应用方式",
                ),
            )
            .with_node("dynamics-setup-office365")
            .with_status(a.status)
            .with_elapsed(a.elapsed_ms),
        ),
        Ok((Some(Realm::Unknown), a)) => v.push(
            Finding::fail(
                Problem::AuthenticationFailed,
                check,
                (
                    "the domain is not in Entra ID: a typo, or not a work account",
                    "该域不在 Entra ID 中：拼写错误，或不是工作帐户",
                ),
                "entra-user-not-found",
            )
            .with_partner_center(pc::LOGIN_FAILED.inferred())
            .with_status(a.status)
            .with_elapsed(a.elapsed_ms),
        ),
        Ok((None, a)) => v.push(
            Finding::note(
                check,
                (
                    format!("the realm could not be read ({}); the sign-in below decides", a.status),
                    format!("无法读取领域（{}）；由下面的登录决定", a.status),
                ),
            )
            .with_status(a.status),
        ),
        Err(e) => v.push(no_answer(
            check,
            &e,
            OTHER_NODE,
            undocumented((
                "none: this machine could not reach Entra ID",
                "无：本机无法连接 Entra ID",
            )),
        )),
    }
}

/// The instance's anonymous challenge; the tenant it names (compared with the Directory ID).
async fn challenge(
    v: &mut Validation,
    client: &reqwest::Client,
    instance: &Url,
    expected: Option<&str>,
    t: Duration,
) -> Option<String> {
    let check: Msg = (
        "the instance answers with its sign-in challenge",
        "实例返回其登录质询",
    )
        .into();
    let a = match dataverse::challenge(client, instance, t).await {
        Ok(a) => a,
        Err(e) => {
            let pc = if e.problem == Problem::Timeout {
                pc::REQUEST_TIMEOUT.quoted()
            } else {
                pc::REQUEST_TIMEOUT.inferred()
            };
            v.push(no_answer(check, &e, URL_NODE, pc));
            return None;
        }
    };
    let tenant = a
        .header("www-authenticate")
        .filter(|_| a.status == 401)
        .and_then(dataverse::challenge_tenant);
    let Some(tenant) = tenant else {
        v.push(
            Finding::fail(
                Problem::NotDynamics,
                check,
                (
                    format!("it answered {} without the Entra ID challenge a Dynamics 365 instance sends: this is probably not the instance URL", a.status),
                    format!("它返回了 {}，但没有 Dynamics 365 实例会发送的 Entra ID 质询：这很可能不是实例 URL", a.status),
                ),
                URL_NODE,
            )
            .with_partner_center(pc::REQUEST_TIMEOUT.inferred())
            .with_status(a.status)
            .with_elapsed(a.elapsed_ms)
            .with_excerpt(a.excerpt()),
        );
        return None;
    };
    match expected {
        Some(directory) if directory != tenant => {
            v.push(
                Finding::fail(
                    Problem::AuthenticationFailed,
                    check,
                    (
                        format!("the environment belongs to directory {tenant}, but the Directory ID is {directory}: tokens from that directory do not open this instance"),
                        format!("该环境属于目录 {tenant}，但填写的目录 ID 是 {directory}：该目录颁发的令牌无法打开此实例"),
                    ),
                    TENANT_ID_NODE,
                )
                .with_partner_center(pc::LOGIN_FAILED.inferred())
                .with_status(a.status)
                .with_elapsed(a.elapsed_ms),
            );
            None
        }
        _ => {
            v.push(
                Finding::pass(
                    check,
                    (
                        format!("401 with a challenge of directory {tenant} (no secret sent)"),
                        format!("401，质询来自目录 {tenant}（未发送机密）"),
                    ),
                )
                .with_status(a.status)
                .with_elapsed(a.elapsed_ms),
            );
            Some(tenant)
        }
    }
}

async fn roles(
    v: &mut Validation,
    client: &reqwest::Client,
    instance: &Url,
    user: &str,
    token: &entra::Token,
    t: Duration,
) {
    let check: Msg = (
        "the user is enabled and has the Lead Writer role",
        "该用户已启用并拥有 Lead Writer 角色",
    )
        .into();
    let a = match dataverse::get(client, instance, &dataverse::roles_path(user), token, t).await {
        Ok(a) => a,
        Err(e) => {
            v.push(no_answer(
                check,
                &e,
                URL_NODE,
                pc::REQUEST_TIMEOUT.inferred(),
            ));
            return;
        }
    };
    if a.status == 403 || a.status == 401 {
        // The Lead Writer role may not read users: not a failure.
        let mut f = Finding::note(
            check.clone(),
            (
                format!(
                    "the roles could not be listed ({}): the privileges below decide",
                    a.status
                ),
                format!("无法列出角色（{}）：由下面的权限决定", a.status),
            ),
        )
        .with_status(a.status);
        if let Some(e) = dataverse::parse_error(&a.body) {
            if matches!(e.code.as_str(), "0x80042f09" | "0x80041d1f" | "0x80072560") {
                if let Some(f) = dataverse_refused(check, &a) {
                    v.push(f);
                }
                return;
            }
            f = f.with_code(e.code);
        }
        v.push(f);
        return;
    }
    if a.status != 200 {
        let f = dataverse_refused(check.clone(), &a)
            .unwrap_or_else(|| unexpected(check, &a, OTHER_NODE, pc::LOGIN_FAILED.inferred()));
        v.push(f);
        return;
    }
    let Some(body) = a.json() else {
        v.push(unexpected(
            check,
            &a,
            OTHER_NODE,
            pc::LOGIN_FAILED.inferred(),
        ));
        return;
    };
    if body.get("isdisabled").and_then(serde_json::Value::as_bool) == Some(true) {
        v.push(
            Finding::fail(
                Problem::AuthenticationFailed,
                check,
                (
                    "the user is disabled in the environment",
                    "该用户在环境中已被禁用",
                ),
                "dataverse-user-disabled",
            )
            .with_partner_center(pc::LOGIN_FAILED.inferred())
            .with_status(a.status),
        );
        return;
    }
    let names: Vec<String> = body
        .get("systemuserroles_association")
        .and_then(serde_json::Value::as_array)
        .map(|roles| {
            roles
                .iter()
                .filter_map(|r| r.get("name")?.as_str())
                .map(|n| crate::sanitise::line(n).chars().take(100).collect())
                .collect()
        })
        .unwrap_or_default();
    let lead_writer = names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("Microsoft Marketplace Lead Writer"));
    if lead_writer {
        v.push(
            Finding::pass(check, format!("roles: {}", names.join(", ")))
                .with_status(a.status)
                .with_elapsed(a.elapsed_ms),
        );
    } else if names.is_empty() {
        v.push(
            Finding::note(
                check,
                (
                    "no role is assigned to the user directly (a team's roles may still apply): the privileges below decide",
                    "没有直接分配给该用户的角色（团队的角色可能仍然适用）：由下面的权限决定",
                ),
            )
            .with_node(pc::NO_ROLES.node)
            .with_status(a.status),
        );
    } else {
        v.push(
            Finding::note(
                check,
                (
                    format!("roles: {}; not Microsoft Marketplace Lead Writer: the privileges below decide", names.join(", ")),
                    format!("角色：{}；不是 Microsoft Marketplace Lead Writer：由下面的权限决定", names.join("、")),
                ),
            )
            .with_node(ROLE_NODE)
            .with_status(a.status),
        );
    }
}

async fn privileges(
    v: &mut Validation,
    client: &reqwest::Client,
    instance: &Url,
    user: &str,
    token: &entra::Token,
    t: Duration,
) {
    let check: Msg = (
        "the user's effective privileges allow the writes",
        "该用户的有效权限允许写入",
    )
        .into();
    let a = match dataverse::get(
        client,
        instance,
        &dataverse::privileges_path(user),
        token,
        t,
    )
    .await
    {
        Ok(a) => a,
        Err(e) => {
            v.push(no_answer(
                check,
                &e,
                URL_NODE,
                pc::REQUEST_TIMEOUT.inferred(),
            ));
            return;
        }
    };
    let granted = (a.status == 200).then(|| dataverse::granted(&a)).flatten();
    let Some(granted) = granted else {
        if let Some(e) = dataverse::parse_error(&a.body)
            && matches!(e.code.as_str(), "0x80042f09" | "0x80041d1f" | "0x80072560")
            && let Some(f) = dataverse_refused(check.clone(), &a)
        {
            v.push(f);
            return;
        }
        v.push(
            Finding::note(
                check,
                (
                    format!(
                        "the privileges could not be read ({}); --send-test-lead proves the write",
                        a.status
                    ),
                    format!("无法读取权限（{}）；--send-test-lead 可证实写入", a.status),
                ),
            )
            .with_status(a.status)
            .with_excerpt(a.excerpt()),
        );
        return;
    };
    let has = |p: &str| granted.iter().find(|(n, _)| n.eq_ignore_ascii_case(p));
    let missing: Vec<&str> = dataverse::PRIVILEGES
        .iter()
        .copied()
        .filter(|p| has(p).is_none())
        .collect();
    if !missing.is_empty() {
        let node = if missing.contains(&"prvCreateLead") {
            PRIVILEGE_NODE
        } else if missing.iter().any(|p| p.ends_with("AsyncOperation")) {
            "dataverse-missing-system-job-privilege"
        } else {
            PRIVILEGE_NODE
        };
        v.push(
            Finding::fail(
                Problem::Unauthorized,
                check,
                (
                    format!("missing {}: give the user the Microsoft Marketplace Lead Writer role, with User Entity UI Settings (create, read, write) and System Job (read, write, append to) added", missing.join(", ")),
                    format!("缺少 {}：请为该用户分配 Microsoft Marketplace Lead Writer 角色，并添加“用户实体 UI 设置”（创建、读取、写入）和“系统作业”（读取、写入、追加到）", missing.join("、")),
                ),
                node,
            )
            .with_partner_center(undocumented((
                "not in the FAQ: Partner Center shows Dataverse's \"… is missing prv… privilege\" (0x80040220) after LastCRMError",
                "FAQ 未记录：合作伙伴中心会在 LastCRMError 之后显示 Dataverse 的“… is missing prv… privilege”(0x80040220)",
            )))
            .with_code("0x80040220")
            .with_status(a.status)
            .with_elapsed(a.elapsed_ms),
        );
        return;
    }
    let shallow: Vec<&str> = [
        "prvReadAsyncOperation",
        "prvWriteAsyncOperation",
        "prvAppendToAsyncOperation",
    ]
    .into_iter()
    .filter(|p| has(p).is_some_and(|(_, d)| !d.eq_ignore_ascii_case("Global")))
    .collect();
    if !shallow.is_empty() {
        v.push(
            Finding::note(
                check.clone(),
                (
                    format!(
                        "{} below Organization level: the setup asks for Organization",
                        shallow.join(", ")
                    ),
                    format!(
                        "{} 低于“组织”级别：设置要求为“组织”级别",
                        shallow.join("、")
                    ),
                ),
            )
            .with_node("dataverse-missing-system-job-privilege"),
        );
    }
    v.push(
        Finding::pass(
            check,
            (
                format!("{} granted", dataverse::PRIVILEGES.join(", ")),
                format!("已授予 {}", dataverse::PRIVILEGES.join("、")),
            ),
        )
        .with_status(a.status)
        .with_elapsed(a.elapsed_ms),
    );
}

async fn leadsourcecode(
    v: &mut Validation,
    client: &reqwest::Client,
    instance: &Url,
    token: &entra::Token,
    t: Duration,
) {
    let check: Msg = (
        "the lead's leadsourcecode field can be written",
        "潜在顾客的 leadsourcecode 字段可以写入",
    )
        .into();
    let a = match dataverse::get(client, instance, dataverse::LEADSOURCECODE_PATH, token, t).await {
        Ok(a) => a,
        Err(e) => {
            v.push(no_answer(
                check,
                &e,
                URL_NODE,
                pc::REQUEST_TIMEOUT.inferred(),
            ));
            return;
        }
    };
    let secured = (a.status == 200)
        .then(|| a.json())
        .flatten()
        .and_then(|j| j.get("IsSecured").and_then(serde_json::Value::as_bool));
    match secured {
        Some(false) => v.push(
            Finding::pass(check, ("no field security on it", "该字段没有字段安全性"))
                .with_status(a.status),
        ),
        Some(true) => v.push(
            Finding::note(
                check,
                (
                    "it is field-secured: the user needs a field security profile that allows Create on it (--send-test-lead proves it)",
                    "该字段受字段安全性保护：用户需要一个允许对其“创建”的字段安全配置文件（--send-test-lead 可证实）",
                ),
            )
            .with_node(pc::LEADSOURCECODE.node)
            .with_status(a.status),
        ),
        None => v.push(
            Finding::note(
                check,
                (
                    format!("its field security could not be read ({})", a.status),
                    format!("无法读取其字段安全性（{}）", a.status),
                ),
            )
            .with_status(a.status),
        ),
    }
}

async fn write(
    v: &mut Validation,
    client: &reqwest::Client,
    instance: &Url,
    token: &entra::Token,
    ticks: u64,
    t: Duration,
) {
    let check: Msg = ("the instance takes the test lead", "实例接受测试潜在顾客").into();
    let lead = dataverse::test_lead(ticks);
    let a = match dataverse::create_lead(client, instance, &lead, token, t).await {
        Ok(a) => a,
        Err(e) => {
            let pc = if e.problem == Problem::Timeout {
                pc::REQUEST_TIMEOUT.quoted()
            } else {
                pc::REQUEST_TIMEOUT.inferred()
            };
            v.push(no_answer(check, &e, URL_NODE, pc));
            return;
        }
    };
    if (200..=299).contains(&a.status) {
        let id = a
            .header("odata-entityid")
            .map(|s| {
                crate::sanitise::line(s)
                    .chars()
                    .take(300)
                    .collect::<String>()
            })
            .unwrap_or_default();
        let name = format!("MSFT_TEST_{ticks}");
        v.push(
            Finding::pass(
                check,
                (
                    format!("created the lead {name} {id}"),
                    format!("已创建潜在顾客 {name} {id}"),
                ),
            )
            .with_status(a.status)
            .with_elapsed(a.elapsed_ms),
        );
        v.notes.push(
            (
                format!("search the leads for {name} to see it, and delete it when done (the Lead Writer role cannot delete it)"),
                format!("在潜在顾客中搜索 {name} 即可看到它，完成后请删除它（Lead Writer 角色无法删除它）"),
            )
                .into(),
        );
        v.data = serde_json::json!({ "lead": lead, "entity": id });
        v.on_success("faq-find-test-lead");
        return;
    }
    let f = dataverse_refused(check.clone(), &a)
        .unwrap_or_else(|| unexpected(check, &a, OTHER_NODE, pc::LOGIN_FAILED.inferred()));
    v.push(f.with_excerpt(a.excerpt()));
    v.data = serde_json::json!({ "lead": lead });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_aad_code_has_a_node_and_the_documented_ones_are_quoted() {
        for code in AAD_CODES {
            let m = aad(code);
            assert!(!m.node.is_empty());
            assert!(!m.explanation.en.is_empty() && m.explanation.zh.is_some());
        }
        assert!(aad(90002).partner_center.quoted);
        assert!(aad(7000215).partner_center.quoted);
        assert!(!aad(500011).partner_center.quoted);
        assert!(aad(65001).inconclusive);
        assert_eq!(aad(123456).node, "error-other");
    }

    /// A code the guide's known errors list (for `diagnose`) opens one of those nodes here too.
    #[test]
    fn codes_open_the_nodes_that_diagnose_names_for_them() {
        let guide = crate::guide::Guide::load(&crate::guide::Sources::embedded())
            .guide
            .expect("the embedded guide loads");
        let listing = |code: &str| -> Vec<&str> {
            guide
                .nodes()
                .iter()
                .filter(|n| {
                    n.signatures
                        .as_ref()
                        .is_some_and(|s| s.codes.iter().any(|c| c.eq_ignore_ascii_case(code)))
                })
                .map(|n| n.id.as_str())
                .collect()
        };
        let mut checked = 0;
        for code in AAD_CODES.into_iter().filter(|c| *c != 0) {
            let nodes = listing(&format!("AADSTS{code}"));
            if !nodes.is_empty() {
                checked += 1;
                assert!(nodes.contains(&aad(code).node), "AADSTS{code}: {nodes:?}");
            }
        }
        for code in DATAVERSE_CODES {
            let nodes = listing(code);
            if !nodes.is_empty() {
                checked += 1;
                assert!(nodes.contains(&dataverse_code(code).1), "{code}: {nodes:?}");
            }
        }
        assert!(checked >= 15, "only {checked} codes are in the guide");
    }
}
