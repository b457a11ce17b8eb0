package io.herald.contract.security;

import io.herald.contract.secret.SecretResolver;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Every door of a Herald service needs a credential (issue 16), with Spring Security as an OAuth2 resource server:
 * a bearer token that is one of {@code herald.security.tokens} or a JWT of the configured issuer, mapped to a
 * {@link Caller} with roles, tenants and channels. The service declares its endpoints' roles ({@link HeraldDoors});
 * around them, {@code /actuator/health/**} and {@code /actuator/prometheus} are open (probes and the scrape), the rest
 * of the actuator needs OPERATOR, and anything else a credential. Refusals are 401/403 problem+json; stateless (no
 * session, no cookie), so CSRF does not apply; Spring Security's default headers; CORS only for configured origins.
 * A service without any credential configured starts closed: every other door answers 401.
 */
@AutoConfiguration(
        before = {
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@EnableConfigurationProperties(HeraldSecurityProperties.class)
public class HeraldSecurityAutoConfiguration {

    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(HeraldSecurityAutoConfiguration.class);

    static final String[] OPEN_ACTUATOR = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus"};

    @Bean
    AuthenticationManagerResolver<HttpServletRequest> heraldBearerAuthentication(
            HeraldSecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder) {
        List<String> problems = properties.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid credentials configuration: " + String.join("; ", problems));
        }
        StaticTokens tokens =
                new StaticTokens(properties.tokens(), SecretResolver.fromSystemEnvironment(), System::nanoTime);
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (tokens.isEmpty() && decoder == null) {
            log.warn("No credentials configured: every endpoint but health and the metrics scrape answers 401. Set"
                    + " herald.security.tokens.<name>.secret/roles/tenants, or a JWT issuer with"
                    + " spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri)");
        }
        JwtAuthenticationProvider jwts = null;
        if (decoder != null) {
            jwts = new JwtAuthenticationProvider(decoder);
            jwts.setJwtAuthenticationConverter(new JwtCallers(properties.jwt()));
        }
        BearerAuthentication bearer = new BearerAuthentication(tokens, jwts);
        return request -> bearer;
    }

    @Bean
    static RoleHierarchy heraldRoleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(Role.OPERATOR.authority() + " > " + Role.READ.authority());
    }

    @Bean
    SecurityFilterChain heraldSecurityFilterChain(
            HttpSecurity http,
            ObjectProvider<HeraldDoors> doors,
            AuthenticationManagerResolver<HttpServletRequest> bearer,
            HeraldSecurityProperties properties)
            throws Exception {
        ProblemAnswers problems = new ProblemAnswers();
        http.authorizeHttpRequests(requests -> {
                    // a controller's error answer is forwarded to /error: the request was authorized already
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    requests.requestMatchers(OPEN_ACTUATOR).permitAll();
                    requests.requestMatchers("/actuator", "/actuator/**").hasRole(Role.OPERATOR.name());
                    doors.orderedStream().forEach(door -> door.declare(requests));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(bearer)
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable);
        if (properties.corsAllowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(cors -> cors.configurationSource(cors(properties.corsAllowedOrigins())));
        }
        return http.build();
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match"));
        cors.setExposedHeaders(List.of("Location", "Retry-After", "ETag"));
        cors.setAllowCredentials(false); // bearer tokens only, never cookies
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
